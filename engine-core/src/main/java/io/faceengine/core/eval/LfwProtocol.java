package io.faceengine.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The standard LFW "unrestricted, labeled outside data" verification protocol on precomputed
 * distances: k-fold cross-validation (10 folds for {@code pairs.txt}) where each fold is scored
 * with the threshold that maximises accuracy on the other folds, never on itself.
 *
 * <p>It also measures FaceNet's VAL at a target FAR per fold (threshold interpolated on the other
 * folds, as in FaceNet's {@code calculate_val}) and, over all pairs pooled, the ROC curve and its
 * area. A pair is predicted "same person" when its distance is strictly below the threshold. Pairs
 * without a distance are handled by the configured {@link MissingPairPolicy} (which says how each
 * metric counts them) and counted in the report. See {@link EvaluationReport} for which standard deviation is reported.
 */
public final class LfwProtocol {
  /** FaceNet's target false accept rate for VAL. */
  public static final double DEFAULT_FAR_TARGET = 1e-3;
  /** Thinning resolution of the reported ROC curve: at most about 3x this many points. */
  private static final int ROC_RESOLUTION = 100;

  private final MissingPairPolicy policy;
  private final double farTarget;

  /** The defaults: missing pairs {@link MissingPairPolicy#COUNT_AS_WRONG}, VAL at FAR 1e-3. */
  public LfwProtocol() {
    this(MissingPairPolicy.COUNT_AS_WRONG, DEFAULT_FAR_TARGET);
  }

  public LfwProtocol(MissingPairPolicy policy, double farTarget) {
    this.policy = Objects.requireNonNull(policy, "policy");
    if (!(farTarget > 0 && farTarget < 1)) {
      throw new IllegalArgumentException("farTarget must be in (0, 1), got " + farTarget);
    }
    this.farTarget = farTarget;
  }

  /**
   * Runs the protocol. Folds are the pairs' {@code fold} values and must be numbered
   * {@code 0..k-1} with {@code k >= 2}; every fold needs same-person and different-person pairs.
   */
  public EvaluationReport evaluate(List<ScoredPair> pairs) {
    PreparedPairs prepared = PreparedPairs.of(pairs, policy);
    PreparedPairs rated = prepared.forRates();
    int folds = pairs.stream().mapToInt(ScoredPair::fold).max().orElse(-1) + 1;
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
    }
    for (int fold = 0; fold < folds; fold++) {
      requireBothClasses(fold, rated.fold(fold));
    }
    List<FoldResult> results = new ArrayList<>(folds);
    for (int fold = 0; fold < folds; fold++) {
      results.add(evaluateFold(fold, pairs, prepared, rated));
    }
    MeanStd accuracy = MeanStd.of(results.stream().mapToDouble(FoldResult::accuracy).toArray());
    MeanStd val = MeanStd.of(results.stream().mapToDouble(FoldResult::val).toArray());
    RocCurve roc = new RocCurve(rated.samples());
    return new EvaluationReport(
        policy,
        pairs.size(),
        prepared.samples().size(),
        prepared.missingSame(),
        prepared.missingDifferent(),
        results,
        accuracy.mean(),
        accuracy.std(),
        accuracy.std() / Math.sqrt(folds),
        results.stream().mapToDouble(FoldResult::threshold).average().orElseThrow(),
        farTarget,
        val.mean(),
        val.std(),
        results.stream().mapToDouble(FoldResult::far).average().orElseThrow(),
        roc.area(),
        roc.thinned(ROC_RESOLUTION));
  }

  private FoldResult evaluateFold(int fold, List<ScoredPair> pairs, PreparedPairs prepared, PreparedPairs rated) {
    double threshold = new ThresholdSweep(prepared.allBut(fold)).bestAccuracyThreshold();
    double valThreshold = new ThresholdSweep(rated.allBut(fold)).thresholdAtFar(farTarget);
    Confusion atAccuracy = Confusion.at(threshold, prepared.fold(fold));
    Confusion atFar = Confusion.at(valThreshold, rated.fold(fold));
    int given = (int) pairs.stream().filter(p -> p.fold() == fold).count();
    int missing = (int) pairs.stream().filter(p -> p.fold() == fold && p.distance().isEmpty()).count();
    return new FoldResult(fold, given, missing, threshold, atAccuracy.accuracy(), valThreshold,
        atFar.validationRate(), atFar.falseAcceptRate());
  }

  // Checked up front so the error names the fold, not the training set that lacks a class.
  private void requireBothClasses(int fold, List<Sample> samples) {
    long same = samples.stream().filter(Sample::same).count();
    if (same == 0 || same == samples.size()) {
      throw new IllegalArgumentException("fold " + fold + " needs same-person and different-person pairs, has "
          + same + " and " + (samples.size() - same) + " (after the " + policy + " policy)");
    }
  }
}
