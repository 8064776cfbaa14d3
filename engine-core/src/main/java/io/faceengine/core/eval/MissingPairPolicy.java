package io.faceengine.core.eval;

/**
 * What the protocol does with a pair that has no distance (no face found in one of its images).
 * The report always states the policy and how many same-person and different-person pairs were
 * missing, so results under different policies are never confused.
 */
public enum MissingPairPolicy {
  /**
   * The default, conservative choice: the pair stays in its fold. Accuracy (and the threshold that
   * maximises it) scores it as wrong at every threshold: a missing same-person pair is a false
   * reject, a missing different-person pair a false accept, equivalent to distances +infinity and
   * -infinity, so accuracy is a lower bound on what the pair's real distance could have given.
   *
   * <p>VAL, FAR, the ROC curve and its AUC are rates of what a threshold accepts, and a pair without
   * a distance is accepted by none: a missing same-person pair counts as a false reject (it stays in
   * VAL's denominator, so VAL and the curve's TPR are lower bounds), while a missing different-person
   * pair is left out of FAR (numerator and denominator). Counting it as a false accept at every
   * threshold would put a floor under FAR (the share of such pairs, e.g. 4% when 1% of images have
   * no face) that no threshold can go below: a FAR target of 1e-3 became unreachable and VAL fell to
   * about 0.
   */
  COUNT_AS_WRONG,

  /** The pair is dropped from every computation and only counted: metrics describe the pairs that could be scored. */
  EXCLUDE
}
