package io.faceengine.core.eval;

import java.util.Locale;

/**
 * The result of a {@link DevSplit}: a threshold chosen on the training list and the accuracy it
 * gives on the test list. Pair counts include pairs without a distance.
 */
public record DevSplitReport(
    MissingPairPolicy missingPolicy,
    double threshold,
    double trainAccuracy,
    double testAccuracy,
    int trainPairs,
    int trainMissing,
    int testPairs,
    int testMissing) {

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "dev split: threshold %.4f, train accuracy %.4f (%d pairs, %d missing), test accuracy %.4f (%d pairs, %d missing), policy %s",
        threshold, trainAccuracy, trainPairs, trainMissing, testAccuracy, testPairs, testMissing, missingPolicy);
  }
}
