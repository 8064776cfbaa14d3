package io.faceengine.core.compare;

import java.util.Optional;

/**
 * The open-set identification rule, one place for the query service and search-batch: a probe is
 * its best candidate's identity when that candidate's distance is strictly below the threshold,
 * else {@value #UNKNOWN}.
 */
public final class OpenSetDecision {
  public static final String UNKNOWN = "unknown";
  /** The identity of a probe face the quality gate stopped: neither named nor said to be a stranger. */
  public static final String LOW_QUALITY = "low_quality";

  private OpenSetDecision() {}

  /**
   * The identity of the best candidate, its label (its face id when it has none), if its distance
   * is below the threshold; empty when the probe is unknown.
   */
  public static Optional<String> identity(String label, String faceId, float distance, float threshold) {
    if (!(distance < threshold)) {
      return Optional.empty();
    }
    return Optional.of(label != null ? label : faceId);
  }
}
