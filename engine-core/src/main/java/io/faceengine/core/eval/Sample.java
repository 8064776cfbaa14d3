package io.faceengine.core.eval;

/**
 * A pair as the metrics see it, after the missing-pair policy: a distance that may be the
 * worst-case {@code +/-infinity} stand-in for a missing one (see {@link MissingPairPolicy#COUNT_AS_WRONG}).
 */
record Sample(int fold, boolean same, double distance) {
  /** The decision rule, as in FaceNet: accept (predict "same person") when the distance is strictly below the threshold. */
  boolean acceptedAt(double threshold) {
    return distance < threshold;
  }
}
