package io.faceengine.core.config;

/** Face detection settings; see {@code conf/engine.conf} for what each means. */
public record DetectionConfig(float scoreThreshold, float nmsIou, int minFaceSize, int maxSide, int maxFaces) {
  public DetectionConfig {
    if (!(scoreThreshold >= 0f && scoreThreshold <= 1f)) {
      throw new IllegalArgumentException("engine.detection.score-threshold must be in [0, 1], got " + scoreThreshold);
    }
    if (!(nmsIou > 0f && nmsIou <= 1f)) {
      throw new IllegalArgumentException("engine.detection.nms-iou must be in (0, 1], got " + nmsIou);
    }
    if (minFaceSize < 1 || maxSide < 32 || maxFaces < 1) {
      throw new IllegalArgumentException("engine.detection: min-face-size >= 1, max-side >= 32 and max-faces >= 1 are"
          + " required, got " + minFaceSize + ", " + maxSide + ", " + maxFaces);
    }
  }
}
