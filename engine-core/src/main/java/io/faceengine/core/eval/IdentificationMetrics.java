package io.faceengine.core.eval;

import java.util.List;

/**
 * Open-set identification metrics over the results of mated and non-mated probes, with NIST's
 * conventions (FRVT 1:N, NISTIR 8271):
 *
 * <ul>
 *   <li><b>rank-1 identification rate</b>: the fraction of mated probes whose top candidate is their
 *       person, <em>without</em> a threshold (closed-set rank-1, as NIST reports it);
 *   <li><b>FPIR(t)</b>: the fraction of non-mated probes whose best candidate lies at distance
 *       {@code <= t} (they would be identified as someone);
 *   <li><b>FNIR(t)</b>: the fraction of mated probes whose top candidate is not their person, or lies
 *       beyond {@code t}.
 * </ul>
 *
 * FNIR at FPIR = f uses the largest threshold whose FPIR is at most f: with n non-mated probes at
 * most {@code floor(f * n)} may be accepted, so the threshold is the largest double below the
 * {@code (floor(f * n) + 1)}-th smallest non-mated best distance. Ties therefore never push FPIR
 * above f. A probe without candidates (no face found) is a miss when mated and a correct rejection
 * when not. Without non-mated probes FPIR is undefined, and so are the threshold and FNIR at it (NaN).
 */
public final class IdentificationMetrics {
  /** The FPIR at which {@code eval identify} reports FNIR. */
  public static final double DEFAULT_FPIR = 0.01;

  private IdentificationMetrics() {}

  /**
   * @param fpirTarget the FPIR at which FNIR is reported, in [0, 1)
   * @param modelThreshold the model's own threshold, at which FPIR and FNIR are reported too
   */
  public static IdentificationReport evaluate(List<ProbeResult> results, double fpirTarget, double modelThreshold) {
    if (!(fpirTarget >= 0 && fpirTarget < 1)) {
      throw new IllegalArgumentException("the FPIR target must be in [0, 1), got " + fpirTarget);
    }
    List<ProbeResult> mated = results.stream().filter(ProbeResult::mated).toList();
    double[] nonMated = results.stream().filter(r -> !r.mated()).mapToDouble(ProbeResult::bestDistance).sorted()
        .toArray();
    if (mated.isEmpty()) {
      throw new IllegalArgumentException("identification metrics need mated probes; got " + results.size()
          + " probes, none mated");
    }
    double rank1 = fraction(mated.stream().filter(r -> r.foundWithin(1)).count(), mated.size());
    double threshold = thresholdAtFpir(nonMated, fpirTarget);
    return new IdentificationReport(mated.size(), nonMated.length, rank1, fpirTarget, threshold,
        Double.isNaN(threshold) ? Double.NaN : fpir(nonMated, threshold), fnir(mated, threshold), modelThreshold,
        fpir(nonMated, modelThreshold), fnir(mated, modelThreshold));
  }

  /** The largest threshold at which at most {@code floor(target * n)} of the sorted non-mated distances are accepted. */
  static double thresholdAtFpir(double[] sortedNonMated, double target) {
    int n = sortedNonMated.length;
    if (n == 0) {
      return Double.NaN;
    }
    int allowed = (int) Math.floor(target * n + 1e-9); // 1e-9: 0.01 * 300 must allow 3, not 2.9999999999999996
    return allowed >= n ? Double.POSITIVE_INFINITY : Math.nextDown(sortedNonMated[allowed]);
  }

  /** Non-mated probes accepted at {@code t}; NaN without non-mated probes. */
  static double fpir(double[] sortedNonMated, double t) {
    if (sortedNonMated.length == 0 || Double.isNaN(t)) {
      return Double.NaN;
    }
    int accepted = 0;
    while (accepted < sortedNonMated.length && sortedNonMated[accepted] <= t) {
      accepted++;
    }
    return fraction(accepted, sortedNonMated.length);
  }

  /** Mated probes missed at {@code t}: wrong person first, or first beyond {@code t}; NaN for an undefined t. */
  static double fnir(List<ProbeResult> mated, double t) {
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    long missed = mated.stream().filter(r -> !r.foundWithin(1) || r.bestDistance() > t).count();
    return fraction(missed, mated.size());
  }

  private static double fraction(long count, long total) {
    return (double) count / total;
  }
}
