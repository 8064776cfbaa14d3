package io.faceengine.core.eval;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The result of the LFW cross-validation protocol ({@link LfwProtocol}); a plain record that
 * Jackson writes and reads as JSON.
 *
 * <p>Spreads ({@code accuracyStd}, {@code valStd}) are <em>sample</em> standard deviations (divisor
 * n-1) over the fold values. FaceNet's {@code lfw.py} prints numpy's population std (divisor n),
 * which is smaller by a factor sqrt((n-1)/n), about 0.95 for 10 folds; the LFW benchmark page asks
 * for the standard error, reported here as {@code accuracyStandardError} = std / sqrt(n).
 *
 * @param missingPolicy how pairs without a distance were treated
 * @param pairs pairs given, including missing ones
 * @param evaluatedPairs pairs the metrics count (all of them unless the policy is {@code EXCLUDE})
 * @param missingSamePairs same-person pairs without a distance
 * @param missingDifferentPairs different-person pairs without a distance
 * @param folds per-fold results, in fold order
 * @param accuracyMean mean of the fold accuracies
 * @param accuracyStd sample standard deviation of the fold accuracies
 * @param accuracyStandardError {@code accuracyStd / sqrt(folds)}
 * @param thresholdMean mean of the per-fold accuracy thresholds
 * @param farTarget the FAR at which VAL is measured (FaceNet uses 1e-3)
 * @param valMean mean of the per-fold VAL at {@code farTarget}
 * @param valStd sample standard deviation of the per-fold VAL
 * @param farMean mean of the per-fold FAR actually reached
 * @param auc area under the ROC curve over all evaluated pairs
 * @param roc the ROC curve over all evaluated pairs, thinned to a few hundred points, from (0,0) to (1,1)
 */
public record EvaluationReport(
    MissingPairPolicy missingPolicy,
    int pairs,
    int evaluatedPairs,
    int missingSamePairs,
    int missingDifferentPairs,
    List<FoldResult> folds,
    double accuracyMean,
    double accuracyStd,
    double accuracyStandardError,
    double thresholdMean,
    double farTarget,
    double valMean,
    double valStd,
    double farMean,
    double auc,
    List<RocPoint> roc) {

  public EvaluationReport {
    Objects.requireNonNull(missingPolicy, "missingPolicy");
    folds = List.copyOf(folds);
    roc = List.copyOf(roc);
  }

  /** Pairs without a distance, same-person and different-person together. */
  public int missingPairs() {
    return missingSamePairs + missingDifferentPairs;
  }

  /** A human-readable summary whose last line is exactly {@code LFW accuracy: 0.XXXX ± 0.XXXX}. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(format("LFW verification, %d-fold cross-validation: %d pairs, %d evaluated%n", folds.size(), pairs, evaluatedPairs));
    out.append(format("missing distances: %d same-person + %d different-person pairs, policy %s%n",
        missingSamePairs, missingDifferentPairs, missingPolicy));
    for (FoldResult f : folds) {
      out.append(format("fold %d: accuracy %.4f at threshold %.4f; VAL %.4f at FAR %.4f (threshold %.4f); %d pairs, %d missing%n",
          f.fold(), f.accuracy(), f.threshold(), f.val(), f.far(), f.valThreshold(), f.pairs(), f.missing()));
    }
    out.append(format("mean threshold: %.4f%n", thresholdMean));
    out.append(format("VAL@FAR=%.0e: %.4f ± %.4f (mean FAR %.5f)%n", farTarget, valMean, valStd, farMean));
    out.append(format("AUC: %.4f%n", auc));
    out.append(format("± is the sample std over the %d folds; standard error %.4f%n", folds.size(), accuracyStandardError));
    out.append(format("LFW accuracy: %.4f ± %.4f", accuracyMean, accuracyStd));
    return out.toString();
  }

  @Override
  public String toString() {
    return summary();
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
