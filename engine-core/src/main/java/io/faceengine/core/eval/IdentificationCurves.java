package io.faceengine.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The curves of open-set identification results, with the conventions of {@link IdentificationMetrics}:
 *
 * <ul>
 *   <li><b>CMC</b> (cumulative match characteristic): for each rank r from 1 to the number of
 *       candidates asked for, the fraction of mated probes whose person is among the first r distinct
 *       persons returned; no threshold. Its rank 1 is the report's rank-1.
 *   <li><b>DET</b> (detection error trade-off): FNIR against FPIR as the decision threshold on the
 *       best candidate's distance varies, one point per distinct best distance, thinned for plotting
 *       on log axes. A probe without candidates is never accepted. Empty without non-mated probes.
 * </ul>
 *
 * @param cmc identification rate by rank, ranks 1..maxRank
 * @param det FNIR and FPIR by threshold, thresholds ascending (FPIR rising, FNIR falling)
 */
public record IdentificationCurves(List<CmcPoint> cmc, List<DetPoint> det) {
  /** Thinning resolution of the DET curve on each log axis: points at least 1/100 of its width apart. */
  private static final int DET_RESOLUTION = 100;
  /** The smallest rate the thinning (and the DET plot) resolves. */
  static final double MIN_RATE = 1e-4;

  /** The identification rate at one rank. */
  public record CmcPoint(int rank, double identificationRate) {}

  /** FPIR and FNIR when the best candidate is accepted at distances up to {@code threshold}. */
  public record DetPoint(double threshold, double fpir, double fnir) {}

  public IdentificationCurves {
    cmc = List.copyOf(cmc);
    det = List.copyOf(det);
  }

  /** Both curves; {@code maxRank} is usually the number of candidates each probe asked for. */
  public static IdentificationCurves of(List<ProbeResult> results, int maxRank) {
    return new IdentificationCurves(cmc(results, maxRank), thinned(det(results), DET_RESOLUTION));
  }

  static List<CmcPoint> cmc(List<ProbeResult> results, int maxRank) {
    if (maxRank < 1) {
      throw new IllegalArgumentException("a CMC curve needs ranks from 1, got up to " + maxRank);
    }
    List<ProbeResult> mated = results.stream().filter(ProbeResult::mated).toList();
    if (mated.isEmpty()) {
      throw new IllegalArgumentException("a CMC curve needs mated probes; got " + results.size() + ", none mated");
    }
    int[] foundAt = new int[maxRank + 1];
    for (ProbeResult r : mated) {
      int rank = r.personRank();
      if (rank >= 1 && rank <= maxRank) {
        foundAt[rank]++;
      }
    }
    List<CmcPoint> curve = new ArrayList<>(maxRank);
    int found = 0;
    for (int rank = 1; rank <= maxRank; rank++) {
      found += foundAt[rank];
      curve.add(new CmcPoint(rank, (double) found / mated.size()));
    }
    return curve;
  }

  /** Every point: one per distinct finite best distance of a non-mated probe or of an identified mated one (where a rate changes). */
  static List<DetPoint> det(List<ProbeResult> results) {
    double[] nonMated = results.stream().filter(r -> !r.mated()).mapToDouble(ProbeResult::bestDistance).sorted().toArray();
    // A mated probe is identified at t when its top candidate is its person within t; others never are.
    double[] hits = results.stream().filter(r -> r.mated() && r.foundWithin(1)).mapToDouble(ProbeResult::bestDistance)
        .sorted().toArray();
    long mated = results.stream().filter(ProbeResult::mated).count();
    if (nonMated.length == 0 || mated == 0) {
      return List.of();
    }
    double[] thresholds = java.util.stream.DoubleStream.concat(Arrays.stream(nonMated), Arrays.stream(hits))
        .filter(Double::isFinite).sorted().distinct().toArray();
    List<DetPoint> curve = new ArrayList<>(thresholds.length);
    int accepted = 0;
    int identified = 0;
    for (double t : thresholds) {
      while (accepted < nonMated.length && nonMated[accepted] <= t) {
        accepted++;
      }
      while (identified < hits.length && hits[identified] <= t) {
        identified++;
      }
      curve.add(new DetPoint(t, (double) accepted / nonMated.length, (double) (mated - identified) / mated));
    }
    return curve;
  }

  /** The first and last points, and each one that moved by 1/resolution of a log axis over [1e-4, 1] since the last kept. */
  static List<DetPoint> thinned(List<DetPoint> points, int resolution) {
    if (points.size() <= 2) {
      return points;
    }
    double step = 1.0 / resolution;
    List<DetPoint> kept = new ArrayList<>();
    DetPoint last = points.getFirst();
    kept.add(last);
    for (int i = 1; i < points.size() - 1; i++) {
      DetPoint p = points.get(i);
      if (Math.abs(logPosition(p.fpir()) - logPosition(last.fpir())) >= step
          || Math.abs(logPosition(p.fnir()) - logPosition(last.fnir())) >= step) {
        kept.add(p);
        last = p;
      }
    }
    kept.add(points.getLast());
    return kept;
  }

  /** A rate on a log axis from 1e-4 (0) to 1 (1), clamped. */
  private static double logPosition(double rate) {
    return (Math.log10(Math.max(rate, MIN_RATE)) - Math.log10(MIN_RATE)) / -Math.log10(MIN_RATE);
  }
}
