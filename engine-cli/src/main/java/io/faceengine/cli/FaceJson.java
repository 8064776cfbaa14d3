package io.faceengine.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.Landmarks;
import io.faceengine.core.quality.FaceQuality;
import java.util.List;

/**
 * One face as the command line prints it (JSON). Landmarks are {@code [[x, y], ...]} in the order
 * right eye, left eye, nose tip, right mouth corner, left mouth corner (the subject's sides).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FaceJson(String image, Integer faceIndex, BoundingBox box, float[][] landmarks, float score,
    FaceQuality quality, List<String> qualityReasons, String modelId, float[] embedding) {

  static final JsonMapper JSON = JsonMapper.builder().build();

  static FaceJson of(String image, int index, DetectedFace face) {
    return new FaceJson(image, index, face.box(), points(face.landmarks()), face.score(), null, null, null, null);
  }

  /** @param reasons the quality gate's reasons (engine.quality), empty for a face that passed */
  FaceJson withEmbedding(FaceQuality q, List<String> reasons, String model, float[] values) {
    return new FaceJson(image, faceIndex, box, landmarks, score, q, reasons, model, values);
  }

  private static float[][] points(Landmarks landmarks) {
    float[][] out = new float[Landmarks.COUNT][];
    for (int i = 0; i < Landmarks.COUNT; i++) {
      out[i] = new float[] {landmarks.x(i), landmarks.y(i)};
    }
    return out;
  }
}
