package io.faceengine.core.pipeline;

import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.quality.FaceQuality;
import io.faceengine.core.quality.QualityIssue;
import java.util.List;

/**
 * One face of an image, fully processed.
 *
 * @param faceIndex position among the image's faces, most confident first
 * @param embedding L2-normalised
 * @param qualityIssues the limits of the pipeline's quality gate that {@code quality} breaks; empty
 *     for a face of good quality
 */
public record FaceAnalysis(int faceIndex, DetectedFace detection, FaceQuality quality, List<QualityIssue> qualityIssues,
    float[] embedding) {
  public FaceAnalysis {
    qualityIssues = List.copyOf(qualityIssues);
  }

  /** Whether the face passed the quality gate. */
  public boolean qualityOk() {
    return qualityIssues.isEmpty();
  }
}
