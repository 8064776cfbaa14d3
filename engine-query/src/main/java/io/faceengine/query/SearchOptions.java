package io.faceengine.query;

/**
 * What a search asks beyond its probe.
 *
 * @param k candidates per probe face; null for {@code engine.query.default-k}
 * @param threshold the decision threshold on the model's distance; null for the model's
 * @param label only faces with this label; null for all
 */
public record SearchOptions(Integer k, Float threshold, String label) {
  public SearchOptions {
    if (threshold != null && !(threshold > 0 && Float.isFinite(threshold))) {
      throw QueryException.badRequest("invalid_threshold", "threshold must be a positive number, got " + threshold);
    }
    if (label != null && label.isBlank()) {
      throw QueryException.badRequest("invalid_label", "label must not be blank");
    }
  }
}
