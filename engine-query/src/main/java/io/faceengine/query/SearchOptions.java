package io.faceengine.query;

/**
 * What a search asks beyond its probe.
 *
 * @param k candidates per probe face; null for {@code engine.query.default-k}
 * @param threshold the decision threshold on the model's distance; null for the generation's calibrated
 *     one (else the model's)
 * @param fpir the false-positive identification rate the calibrated threshold should give; null for
 *     the configured target ({@code engine.index.calibration.target-fpir})
 * @param label only faces with this label; null for all
 * @param quality {@value #GATE}: a probe face of low quality gets the decision {@code low_quality};
 *     {@value #IGNORE}: it is decided like any other; null for {@code engine.quality.gate-searches}
 */
public record SearchOptions(Integer k, Float threshold, Double fpir, String label, String quality) {
  public static final String GATE = "gate";
  public static final String IGNORE = "ignore";

  /** Options that leave the quality gate to the configuration. */
  public SearchOptions(Integer k, Float threshold, Double fpir, String label) {
    this(k, threshold, fpir, label, null);
  }

  public SearchOptions {
    if (quality != null && !quality.equals(GATE) && !quality.equals(IGNORE)) {
      throw QueryException.badRequest("invalid_quality", "quality must be '" + GATE + "' or '" + IGNORE + "', got '"
          + quality + "'");
    }
    if (fpir != null && !(fpir > 0 && fpir < 1)) {
      throw QueryException.badRequest("invalid_fpir", "fpir must be in (0, 1), got " + fpir);
    }
    if (fpir != null && threshold != null) {
      throw QueryException.badRequest("invalid_fpir", "give a threshold or an fpir, not both");
    }
    if (threshold != null && !(threshold > 0 && Float.isFinite(threshold))) {
      throw QueryException.badRequest("invalid_threshold", "threshold must be a positive number, got " + threshold);
    }
    if (label != null && label.isBlank()) {
      throw QueryException.badRequest("invalid_label", "label must not be blank");
    }
  }

  /** Whether low-quality probe faces are answered {@code low_quality}: the request's choice, else {@code byDefault}. */
  public boolean gatesQuality(boolean byDefault) {
    return quality == null ? byDefault : quality.equals(GATE);
  }
}
