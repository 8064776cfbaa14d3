package io.faceengine.core.eval;

/**
 * The outcome on one held-out fold, with thresholds chosen on the other folds.
 *
 * @param fold 0-based fold index
 * @param pairs pairs of the fold given to the protocol, including missing ones
 * @param missing pairs of the fold without a distance
 * @param threshold the accuracy-maximising threshold on the other folds
 * @param accuracy accuracy on this fold at {@code threshold}
 * @param valThreshold the threshold at the target FAR on the other folds
 * @param val VAL (TA / P_same) on this fold at {@code valThreshold}
 * @param far FAR (FA / P_diff) on this fold at {@code valThreshold}
 */
public record FoldResult(
    int fold, int pairs, int missing, double threshold, double accuracy, double valThreshold, double val, double far) {}
