package io.faceengine.core.detect;

/** One face found by a detector: its box, its five landmarks and the detector's confidence in [0, 1]. */
public record DetectedFace(BoundingBox box, Landmarks landmarks, float score) {
  public DetectedFace scaled(float factor) {
    return new DetectedFace(box.scaled(factor), landmarks.scaled(factor), score);
  }
}
