package io.faceengine.core.eval;

import java.util.Locale;

/**
 * Open-set identification results ({@link IdentificationMetrics}); a plain record that Jackson
 * writes as JSON. NaN marks what the probes cannot define (FPIR without non-mated probes).
 *
 * @param matedProbes probes whose person is enrolled
 * @param nonMatedProbes probes whose person is not
 * @param rank1 mated probes whose top candidate is their person, no threshold applied
 * @param fpirTarget the FPIR at which FNIR is measured
 * @param thresholdAtFpir the largest distance threshold whose FPIR is at most {@code fpirTarget}
 * @param fpirAtThreshold the FPIR actually reached at it ({@code <= fpirTarget})
 * @param fnirAtFpir FNIR at that threshold
 * @param modelThreshold the threshold of the search's known/unknown decision (the model's identificationThreshold)
 * @param fpirAtModelThreshold FPIR at the model's threshold
 * @param fnirAtModelThreshold FNIR at the model's threshold
 */
public record IdentificationReport(int matedProbes, int nonMatedProbes, double rank1, double fpirTarget,
    double thresholdAtFpir, double fpirAtThreshold, double fnirAtFpir, double modelThreshold,
    double fpirAtModelThreshold, double fnirAtModelThreshold) {

  /** The closing line of {@code eval identify}: {@code rank-1: 0.XXXX FNIR@FPIR=0.01: 0.XXXX}. */
  public String line() {
    return "rank-1: " + format(rank1) + " FNIR@FPIR=" + trimmed(fpirTarget) + ": " + format(fnirAtFpir);
  }

  /** Every figure, one per line, ending with {@link #line()}. */
  public String summary() {
    return String.format(Locale.ROOT, "probes: %d mated, %d non-mated%n", matedProbes, nonMatedProbes)
        + "rank-1 identification rate (no threshold): " + format(rank1) + "\n"
        + "at FPIR <= " + trimmed(fpirTarget) + ": threshold " + format(thresholdAtFpir) + ", FPIR "
        + format(fpirAtThreshold) + ", FNIR " + format(fnirAtFpir) + "\n"
        + "at the search decision threshold " + format(modelThreshold) + ": FPIR " + format(fpirAtModelThreshold) + ", FNIR "
        + format(fnirAtModelThreshold) + "\n"
        + line();
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** 0.01 rather than 0.0100. */
  private static String trimmed(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
