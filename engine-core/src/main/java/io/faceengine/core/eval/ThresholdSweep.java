package io.faceengine.core.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Accept counts at every useful threshold over one set of samples (the training folds), from which
 * the protocol picks the accuracy-maximising threshold and the threshold at a target FAR.
 *
 * <p>Rather than FaceNet's fixed grid (which assumes a distance range), the candidates come from
 * the data, so every distinct classification of the samples is tried exactly once: the smallest
 * finite distance (accepts no scored pair), the midpoint between each two consecutive distinct
 * finite distances, and the value just above the largest (accepts every scored pair).
 */
final class ThresholdSweep {
  private final double[] thresholds;
  private final int[] trueAccepts;
  private final int[] falseAccepts;
  private final int same;
  private final int different;

  ThresholdSweep(List<Sample> samples) {
    Sample[] sorted = samples.toArray(Sample[]::new);
    Arrays.sort(sorted, Comparator.comparingDouble(Sample::distance));
    same = (int) samples.stream().filter(Sample::same).count();
    different = samples.size() - same;
    if (same == 0 || different == 0) {
      throw new IllegalArgumentException("choosing a threshold needs both same-person and different-person pairs, got "
          + same + " and " + different);
    }
    double[] distinct = Arrays.stream(sorted).mapToDouble(Sample::distance).filter(Double::isFinite).distinct().toArray();
    if (distinct.length == 0) {
      throw new IllegalArgumentException("no pair with a distance to choose a threshold from");
    }
    int last = distinct.length;
    thresholds = new double[last + 1];
    thresholds[0] = distinct[0];
    for (int i = 1; i < last; i++) {
      thresholds[i] = between(distinct[i - 1], distinct[i]);
    }
    thresholds[last] = Math.nextUp(distinct[last - 1]);

    trueAccepts = new int[thresholds.length];
    falseAccepts = new int[thresholds.length];
    int next = 0;
    int ta = 0;
    int fa = 0;
    for (int j = 0; j < thresholds.length; j++) {
      for (; next < sorted.length && sorted[next].acceptedAt(thresholds[j]); next++) {
        if (sorted[next].same()) {
          ta++;
        } else {
          fa++;
        }
      }
      trueAccepts[j] = ta;
      falseAccepts[j] = fa;
    }
  }

  /** The threshold with the highest accuracy; the smallest one on ties (as numpy's argmax over FaceNet's ascending grid). */
  double bestAccuracyThreshold() {
    int best = 0;
    for (int j = 1; j < thresholds.length; j++) {
      if (correct(j) > correct(best)) {
        best = j;
      }
    }
    return thresholds[best];
  }

  /**
   * The threshold at which the false accept rate reaches {@code target}, interpolated linearly
   * between candidates as FaceNet's {@code calculate_val} does ({@code interp1d(far, thresholds)}).
   * On a plateau of FAR at or below the target the largest threshold is used (most accepts within
   * the target). The samples must have no {@code -infinity} distance (see
   * {@link PreparedPairs#forRates()}): then the lowest candidate accepts nothing, FAR 0, and every
   * target in [0, 1) is reachable.
   */
  double thresholdAtFar(double target) {
    if (!(target >= 0 && target < 1)) {
      throw new IllegalArgumentException("FAR target must be in [0, 1), got " + target);
    }
    if (far(0) > 0) {
      throw new IllegalArgumentException("a different-person pair is accepted at every threshold (distance -infinity)");
    }
    int below = 0;
    for (int j = 1; j < thresholds.length && far(j) <= target; j++) {
      below = j;
    }
    // below + 1 exists: the last candidate accepts every different-person pair, FAR 1 > target.
    double fraction = (target - far(below)) / (far(below + 1) - far(below));
    return thresholds[below] + fraction * (thresholds[below + 1] - thresholds[below]);
  }

  private int correct(int j) {
    return trueAccepts[j] + (different - falseAccepts[j]);
  }

  private double far(int j) {
    return (double) falseAccepts[j] / different;
  }

  /** A threshold accepting {@code low} but not {@code high}: their midpoint, or {@code high} when no double lies between. */
  private static double between(double low, double high) {
    double mid = low / 2 + high / 2;
    return mid > low ? mid : high;
  }
}
