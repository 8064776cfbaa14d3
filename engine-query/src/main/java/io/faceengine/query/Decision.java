package io.faceengine.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faceengine.core.compare.OpenSetDecision;
import java.util.List;

/**
 * Who a probe face is: {@link OpenSetDecision}'s rule applied to the best candidate, with what the
 * API reports of it.
 *
 * @param known whether the best candidate is within the threshold
 * @param identity the best candidate's label (its face id when it has no label), or {@value #UNKNOWN}
 * @param faceId the best candidate's face id when known
 * @param distance the best candidate's distance; null when there is no candidate at all
 * @param threshold the threshold applied (the model's unless the request gave one)
 * @param reasons for {@value #LOW_QUALITY}: the quality limits the probe face broke
 *     ({@link io.faceengine.core.quality.QualityIssue} codes); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(boolean known, String identity, String faceId, Float distance, float threshold,
    List<String> reasons) {
  public static final String UNKNOWN = OpenSetDecision.UNKNOWN;
  public static final String LOW_QUALITY = OpenSetDecision.LOW_QUALITY;

  public Decision(boolean known, String identity, String faceId, Float distance, float threshold) {
    this(known, identity, faceId, distance, threshold, null);
  }

  /**
   * The decision on a probe face of low quality: nobody is named, whoever the best candidate is, and
   * {@code reasons} say why. Its best candidate's distance is still reported.
   */
  public static Decision lowQuality(List<String> reasons, List<Candidate> candidates, float threshold) {
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a low_quality decision needs its reasons");
    }
    return new Decision(false, LOW_QUALITY, null, candidates.isEmpty() ? null : candidates.get(0).distance(),
        threshold, List.copyOf(reasons));
  }

  /** The decision on candidates sorted best first. */
  public static Decision of(List<Candidate> candidates, float threshold) {
    if (candidates.isEmpty()) {
      return new Decision(false, UNKNOWN, null, null, threshold);
    }
    Candidate best = candidates.get(0);
    return OpenSetDecision.identity(best.label(), best.faceId(), best.distance(), threshold)
        .map(identity -> new Decision(true, identity, best.faceId(), best.distance(), threshold))
        .orElseGet(() -> new Decision(false, UNKNOWN, null, best.distance(), threshold));
  }
}
