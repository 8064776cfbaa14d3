package io.faceengine.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.quality.FaceQuality;
import io.faceengine.query.router.ShardFailure;
import java.util.List;

/**
 * The answer to {@code POST /v1/search}: for each probe face its candidates and the decision.
 *
 * @param partial true when some shard did not answer: {@code failedShards} names them, and the
 *     candidates come from the others only
 * @param metric the model's distance metric
 * @param threshold the threshold the decisions applied
 */
public record SearchAnswer(long generation, String modelId, String metric, float threshold, int k, boolean partial,
    List<ShardFailure> failedShards, List<ProbeFace> faces) {

  /**
   * One probe face.
   *
   * @param box where it is in the probe image; for a stored face_id probe, in the stored face's image;
   *     absent for an embedding probe
   * @param score the detector's confidence, for image probes
   * @param quality what the quality gate measured, for image probes
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProbeFace(BoundingBox box, Float score, ProbeQuality quality, List<Candidate> candidates,
      Decision decision) {}

  /**
   * An image probe face's quality measurements, as the gate's limits name them ({@code engine.quality}).
   *
   * @param faceSize the box's shorter side in pixels
   * @param sharpness the variance of the Laplacian of the aligned crop
   * @param yaw degrees
   * @param roll degrees
   */
  public record ProbeQuality(float faceSize, float sharpness, float yaw, float roll) {
    static ProbeQuality of(FaceQuality q) {
      return new ProbeQuality(q.faceSize(), q.sharpness(), q.yaw(), q.roll());
    }
  }
}
