package io.faceengine.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {
  @Test
  void keepsTheBestOfOverlappingBoxesAndAllSeparateOnes() {
    DetectedFace best = face(0, 0, 0.9f);
    DetectedFace overlapping = face(10, 0, 0.8f); // IoU with best: 90 / 110 = 0.82
    DetectedFace separate = face(200, 0, 0.7f);
    assertEquals(List.of(best, separate), NonMaxSuppression.apply(List.of(separate, overlapping, best), 0.3f, 100));
  }

  @Test
  void keepsBoxesOverlappingUpToTheThreshold() {
    DetectedFace a = face(0, 0, 0.9f);
    DetectedFace b = face(50, 0, 0.8f); // IoU 50 / 150 = 0.333
    assertEquals(List.of(a, b), NonMaxSuppression.apply(List.of(a, b), 0.34f, 100));
    assertEquals(List.of(a), NonMaxSuppression.apply(List.of(a, b), 0.33f, 100));
  }

  @Test
  void considersOnlyTheTopKCandidates() {
    DetectedFace a = face(0, 0, 0.9f);
    DetectedFace b = face(200, 0, 0.8f);
    DetectedFace c = face(400, 0, 0.7f);
    assertEquals(List.of(a, b), NonMaxSuppression.apply(List.of(c, b, a), 0.3f, 2));
  }

  /** A 100x100 box at (x, y). */
  private static DetectedFace face(float x, float y, float score) {
    return new DetectedFace(new BoundingBox(x, y, 100, 100), new Landmarks(new float[10]), score);
  }
}
