package io.faceengine.core.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The ROC curve of pooled samples, one point per distinct distance, from (0,0) to (1,1), and its area. */
final class RocCurve {
  /** log10 of the smallest FPR that thinning (and {@link RocPlot}) resolves. */
  static final double MIN_LOG_FPR = -4;

  private final List<RocPoint> points;

  RocCurve(List<Sample> samples) {
    List<Sample> sorted = samples.stream().sorted(Comparator.comparingDouble(Sample::distance)).toList();
    long same = sorted.stream().filter(Sample::same).count();
    long different = sorted.size() - same;
    if (same == 0 || different == 0) {
      throw new IllegalArgumentException("a ROC curve needs both same-person and different-person pairs");
    }
    List<RocPoint> curve = new ArrayList<>();
    curve.add(new RocPoint(0, 0));
    int ta = 0;
    int fa = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).same()) {
        ta++;
      } else {
        fa++;
      }
      // Tied distances are accepted together, so they make one point (a diagonal segment).
      if (i + 1 == sorted.size() || sorted.get(i + 1).distance() != sorted.get(i).distance()) {
        curve.add(new RocPoint((double) fa / different, (double) ta / same));
      }
    }
    points = List.copyOf(curve);
  }

  List<RocPoint> points() {
    return points;
  }

  /** Area under the curve by the trapezoidal rule (ties count half, as in the Mann-Whitney statistic). */
  double area() {
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      RocPoint a = points.get(i - 1);
      RocPoint b = points.get(i);
      area += (b.falsePositiveRate() - a.falsePositiveRate()) * (a.truePositiveRate() + b.truePositiveRate()) / 2;
    }
    return area;
  }

  /**
   * At most about {@code 3 * resolution + 2} points: the ends, and each point that moved by at least
   * {@code 1/resolution} in TPR, in FPR or in log-FPR over [1e-4, 1] since the last one kept, so
   * the curve stays faithful on linear and on log FPR axes alike.
   */
  List<RocPoint> thinned(int resolution) {
    double step = 1.0 / resolution;
    List<RocPoint> kept = new ArrayList<>();
    RocPoint last = points.getFirst();
    kept.add(last);
    for (int i = 1; i < points.size() - 1; i++) {
      RocPoint p = points.get(i);
      if (p.truePositiveRate() - last.truePositiveRate() >= step
          || p.falsePositiveRate() - last.falsePositiveRate() >= step
          || logFpr(p) - logFpr(last) >= step) {
        kept.add(p);
        last = p;
      }
    }
    kept.add(points.getLast());
    return List.copyOf(kept);
  }

  /** FPR on a log axis from 1e-4 (0) to 1 (1), clamped. */
  private static double logFpr(RocPoint p) {
    double log = Math.log10(Math.max(p.falsePositiveRate(), Math.pow(10, MIN_LOG_FPR)));
    return (log - MIN_LOG_FPR) / -MIN_LOG_FPR;
  }
}
