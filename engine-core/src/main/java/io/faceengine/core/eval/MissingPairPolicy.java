package io.faceengine.core.eval;

/**
 * What the protocol does with a pair that has no distance (no face found in one of its images).
 * The report always states the policy and how many same-person and different-person pairs were
 * missing, so results under different policies are never confused.
 */
public enum MissingPairPolicy {
  /**
   * The default, conservative choice: the pair stays in its fold and is scored as wrong at every
   * threshold. A missing same-person pair is never accepted (a false reject); a missing
   * different-person pair is always accepted (a false accept). Every metric (accuracy, threshold
   * choice, VAL/FAR, ROC, AUC) is computed that way, so at any threshold the numbers are a lower
   * bound on what the pair's real distance could have given. Equivalent to giving missing
   * same-person pairs distance +infinity and missing different-person pairs -infinity.
   */
  COUNT_AS_WRONG,

  /** The pair is dropped from every computation and only counted: metrics describe the pairs that could be scored. */
  EXCLUDE
}
