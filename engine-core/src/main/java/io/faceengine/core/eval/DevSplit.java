package io.faceengine.core.eval;

import java.util.List;
import java.util.Objects;

/**
 * The LFW "View 1" development split ({@code pairsDevTrain.txt} / {@code pairsDevTest.txt}): choose
 * the accuracy-maximising threshold on the training list, report accuracy on the test list. Meant
 * for comparing pipeline choices (alignment, templates) without touching the 10 folds of View 2.
 * Folds of the given pairs are ignored; missing distances follow the {@link MissingPairPolicy}.
 */
public final class DevSplit {
  private final MissingPairPolicy policy;

  public DevSplit(MissingPairPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public DevSplitReport evaluate(List<ScoredPair> train, List<ScoredPair> test) {
    PreparedPairs trainSamples = PreparedPairs.of(train, policy);
    PreparedPairs testSamples = PreparedPairs.of(test, policy);
    double threshold = new ThresholdSweep(trainSamples.samples()).bestAccuracyThreshold();
    return new DevSplitReport(
        policy,
        threshold,
        Confusion.at(threshold, trainSamples.samples()).accuracy(),
        Confusion.at(threshold, testSamples.samples()).accuracy(),
        train.size(),
        trainSamples.missingSame() + trainSamples.missingDifferent(),
        test.size(),
        testSamples.missingSame() + testSamples.missingDifferent());
  }
}
