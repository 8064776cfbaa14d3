package io.faceengine.core.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression: YuNet fires at several neighbouring grid cells and strides for
 * one face, and only the best-scoring of each cluster of overlapping boxes should remain.
 */
final class NonMaxSuppression {
  private NonMaxSuppression() {}

  /**
   * The highest-scoring {@code topK} candidates, less those overlapping a better one by more than
   * {@code iouThreshold}; most confident first.
   */
  static List<DetectedFace> apply(List<DetectedFace> candidates, float iouThreshold, int topK) {
    List<DetectedFace> sorted = candidates.stream()
        .sorted(Comparator.comparingDouble(DetectedFace::score).reversed())
        .limit(topK)
        .toList();
    List<DetectedFace> kept = new ArrayList<>();
    for (DetectedFace candidate : sorted) {
      if (kept.stream().noneMatch(better -> better.box().iou(candidate.box()) > iouThreshold)) {
        kept.add(candidate);
      }
    }
    return kept;
  }
}
