package io.faceengine.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faceengine.core.compare.OpenSetDecision;
import java.util.List;

/**
 * Who a probe face is: {@link OpenSetDecision}'s rule applied to the best candidate, with what the
 * API reports of it.
 *
 * @param known whether the best candidate is within the threshold
 * @param identity the best candidate's identity (its label, else its named cluster's name, else its
 *     face id), or {@value #UNKNOWN}
 * @param identitySource when known, where the identity comes from: {@value Candidate#FROM_LABEL},
 *     {@value Candidate#FROM_CLUSTER} or {@value #FROM_FACE_ID}
 * @param faceId the best candidate's face id when known
 * @param distance the best candidate's distance; null when there is no candidate at all
 * @param threshold the threshold applied (the model's unless the request gave one)
 * @param reasons for {@value #LOW_QUALITY}: the quality limits the probe face broke
 *     ({@link io.faceengine.core.quality.QualityIssue} codes); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(boolean known, String identity, String identitySource, String faceId, Float distance,
    float threshold, List<String> reasons) {
  public static final String UNKNOWN = OpenSetDecision.UNKNOWN;
  public static final String LOW_QUALITY = OpenSetDecision.LOW_QUALITY;
  public static final String FROM_FACE_ID = "face_id";

  public Decision(boolean known, String identity, String identitySource, String faceId, Float distance,
      float threshold) {
    this(known, identity, identitySource, faceId, distance, threshold, null);
  }

  /**
   * The decision on a probe face of low quality: nobody is named, whoever the best candidate is, and
   * {@code reasons} say why. Its best candidate's distance is still reported.
   */
  public static Decision lowQuality(List<String> reasons, List<Candidate> candidates, float threshold) {
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a low_quality decision needs its reasons");
    }
    return new Decision(false, LOW_QUALITY, null, null, candidates.isEmpty() ? null : candidates.get(0).distance(),
        threshold, List.copyOf(reasons));
  }

  /** The decision on candidates sorted best first. */
  public static Decision of(List<Candidate> candidates, float threshold) {
    if (candidates.isEmpty()) {
      return new Decision(false, UNKNOWN, null, null, null, threshold);
    }
    Candidate best = candidates.get(0);
    String source = best.identity() != null ? best.identitySource() : FROM_FACE_ID;
    return OpenSetDecision.identity(best.identity(), best.faceId(), best.distance(), threshold)
        .map(identity -> new Decision(true, identity, source, best.faceId(), best.distance(), threshold))
        .orElseGet(() -> new Decision(false, UNKNOWN, null, null, best.distance(), threshold));
  }
}
