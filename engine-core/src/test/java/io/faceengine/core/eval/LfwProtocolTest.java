package io.faceengine.core.eval;

import static io.faceengine.core.eval.ScoredPair.missing;
import static io.faceengine.core.eval.ScoredPair.scored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LfwProtocolTest {
  private static final double EPS = 1e-12;

  @Test
  void perfectlySeparableScoresGivePerfectResults() {
    List<ScoredPair> pairs = separable(10, 10);

    EvaluationReport report = new LfwProtocol().evaluate(pairs);

    assertEquals(10, report.folds().size());
    report.folds().forEach(f -> assertEquals(1.0, f.accuracy(), "fold " + f.fold()));
    assertEquals(1.0, report.accuracyMean());
    assertEquals(0.0, report.accuracyStd());
    assertEquals(1.0, report.auc(), EPS);
    assertEquals(1.0, report.valMean());
    assertEquals(0.0, report.farMean());
    // Same-person distances are at most 0.49, different-person ones at least 1.0: the first
    // (smallest) best threshold is the midpoint of that gap.
    assertEquals(0.745, report.thresholdMean(), EPS);
    assertTrue(report.summary().endsWith("\nLFW accuracy: 1.0000 ± 0.0000"), report.summary());
  }

  /**
   * Three folds of two same-person (S) and two different-person (D) pairs, worked out by hand.
   * Held-out fold 0: the training folds sorted are 0.2S 0.3S 0.45S 0.55D 0.6S 0.7D 0.8D 1.0D; accepting
   * the first 3 or the first 5 both get 7/8 right, the smaller wins, so the threshold is
   * (0.45+0.55)/2 = 0.5 and fold 0 scores 0.1S ok, 0.52S rejected, 0.4D accepted, 0.9D ok = 0.5.
   * Held-out fold 1: 0.1S 0.3S 0.4D 0.45S 0.52S 0.55D 0.9D 1.0D, best after 0.52: threshold 0.535,
   * fold 1 gets 0.6S wrong = 0.75. Held-out fold 2: 0.1S 0.2S 0.4D 0.52S 0.6S 0.7D 0.8D 0.9D, best
   * after 0.6: threshold 0.65, fold 2 gets 0.55D wrong = 0.75. Mean 2/3, sample std sqrt(1/48).
   * AUC: of the 36 (same, different) combinations 32 are ordered right.
   */
  @Test
  void handComputedThreeFoldCase() {
    List<ScoredPair> pairs = List.of(
        scored(0, true, 0.1), scored(0, true, 0.52), scored(0, false, 0.4), scored(0, false, 0.9),
        scored(1, true, 0.2), scored(1, true, 0.6), scored(1, false, 0.7), scored(1, false, 0.8),
        scored(2, true, 0.3), scored(2, true, 0.45), scored(2, false, 0.55), scored(2, false, 1.0));

    EvaluationReport report = new LfwProtocol().evaluate(pairs);

    assertEquals(List.of(0.5, 0.75, 0.75), report.folds().stream().map(FoldResult::accuracy).toList());
    assertEquals(0.5, report.folds().get(0).threshold(), EPS);
    assertEquals(0.535, report.folds().get(1).threshold(), EPS);
    assertEquals(0.65, report.folds().get(2).threshold(), EPS);
    assertEquals(2.0 / 3, report.accuracyMean(), EPS);
    assertEquals(Math.sqrt(1.0 / 48), report.accuracyStd(), EPS);
    assertEquals(Math.sqrt(1.0 / 48) / Math.sqrt(3), report.accuracyStandardError(), EPS);
    assertEquals((0.5 + 0.535 + 0.65) / 3, report.thresholdMean(), EPS);
    assertEquals(32.0 / 36, report.auc(), EPS);
    assertEquals(12, report.pairs());
    assertTrue(report.summary().endsWith("\nLFW accuracy: 0.6667 ± 0.1443"), report.summary());
  }

  /**
   * Fold 0's same-person distances (0.7, 0.75) sit where the other folds put different-person
   * pairs. A threshold chosen with fold 0 itself could score it perfectly (0.85 separates it);
   * chosen on folds 1-9 the threshold is 0.5, which rejects both of fold 0's same-person pairs.
   */
  @Test
  void thresholdIsChosenOnTheOtherFoldsNeverOnTheHeldOutOne() {
    List<ScoredPair> pairs = new ArrayList<>(List.of(
        scored(0, true, 0.7), scored(0, true, 0.75), scored(0, false, 0.95), scored(0, false, 1.0)));
    for (int fold = 1; fold < 10; fold++) {
      pairs.addAll(List.of(scored(fold, true, 0.1), scored(fold, true, 0.4),
          scored(fold, false, 0.6), scored(fold, false, 0.9)));
    }

    EvaluationReport report = new LfwProtocol().evaluate(pairs);

    assertEquals(0.5, report.folds().get(0).threshold(), EPS);
    assertEquals(0.5, report.folds().get(0).accuracy());
    for (int fold = 1; fold < 10; fold++) {
      assertEquals(1.0, report.folds().get(fold).accuracy(), "fold " + fold);
    }
    assertEquals(0.95, report.accuracyMean(), EPS);
  }

  /**
   * Two folds, FAR target 0.1, worked out by hand. Held-out fold 0: in fold 1 the candidates 2.8
   * (accepts 1.5, 2.2, 2.4; FAR 0) and 3.85 (also 3.2D; FAR 1/4) bracket the target, so the
   * threshold is 2.8 + (0.1 / 0.25) * 1.05 = 3.22: fold 0 accepts 1S, 2S (VAL 2/4, 3.3S is above)
   * and 2.5D (FAR 1/4). Held-out fold 1: in fold 0 the candidates 2.25 (FAR 0) and 2.9 (FAR 1/4)
   * give 2.25 + 0.4 * 0.65 = 2.51: fold 1 accepts 1.5S, 2.2S, 2.4S (VAL 3/4) and no D (FAR 0).
   */
  @Test
  void valAtFarInterpolatesTheThresholdOnTheTrainingFolds() {
    List<ScoredPair> pairs = List.of(
        scored(0, true, 1), scored(0, true, 2), scored(0, true, 3.3), scored(0, true, 4),
        scored(0, false, 2.5), scored(0, false, 5), scored(0, false, 6), scored(0, false, 7),
        scored(1, true, 1.5), scored(1, true, 2.2), scored(1, true, 2.4), scored(1, true, 4.5),
        scored(1, false, 3.2), scored(1, false, 5.5), scored(1, false, 6.5), scored(1, false, 7.5));

    EvaluationReport report = new LfwProtocol(MissingPairPolicy.COUNT_AS_WRONG, 0.1).evaluate(pairs);

    FoldResult fold0 = report.folds().get(0);
    FoldResult fold1 = report.folds().get(1);
    assertEquals(3.22, fold0.valThreshold(), EPS);
    assertEquals(0.5, fold0.val());
    assertEquals(0.25, fold0.far());
    assertEquals(2.51, fold1.valThreshold(), EPS);
    assertEquals(0.75, fold1.val());
    assertEquals(0.0, fold1.far());
    assertEquals(0.625, report.valMean(), EPS);
    assertEquals(0.25 / Math.sqrt(2), report.valStd(), EPS);
    assertEquals(0.125, report.farMean(), EPS);
    assertEquals(0.1, report.farTarget());
  }

  @Test
  void countAsWrongScoresMissingPairsAsErrorsEverywhere() {
    List<ScoredPair> pairs = separableWithTwoMissingInFold3();

    EvaluationReport report = new LfwProtocol().evaluate(pairs);

    assertEquals(MissingPairPolicy.COUNT_AS_WRONG, report.missingPolicy());
    assertEquals(200, report.pairs());
    assertEquals(200, report.evaluatedPairs());
    assertEquals(1, report.missingSamePairs());
    assertEquals(1, report.missingDifferentPairs());
    assertEquals(2, report.missingPairs());
    FoldResult fold3 = report.folds().get(3);
    assertEquals(2, fold3.missing());
    assertEquals(20, fold3.pairs());
    assertEquals(18.0 / 20, fold3.accuracy());
    assertEquals((9 + 0.9) / 10, report.accuracyMean(), EPS);
    // For the rates the missing different pair is left out: the missing same pair (at +infinity)
    // loses to the 99 scored different ones, 99 of 100 x 99 combinations wrong.
    assertEquals(1 - 99 / 9_900.0, report.auc(), EPS);
    // Fold 3 rejects its missing same pair: VAL 9/10; no scored different pair is accepted: FAR 0.
    assertEquals(0.9, fold3.val(), EPS);
    assertEquals(0.0, fold3.far(), EPS);
    assertEquals(1.0, report.folds().get(0).val());
    assertEquals(0.99, report.valMean(), EPS);
  }

  /**
   * The bug of issue 10: 2% of each class missing in every fold (as when about 1% of images have no
   * face). Counted as accepted at every threshold, the missing different pairs gave every training
   * set a FAR of at least 0.02, so FAR 1e-3 was unreachable: the protocol accepted nothing, VAL 0
   * and a mean FAR of 0.02 (the missing share), like {@code VAL@FAR=1e-03: 0.0003 (mean FAR 0.04286)}.
   * Scores are separable, so the right figures are known: VAL = 294/300 with the missing same pairs
   * as false rejects (1.0 without them), FAR 0.
   */
  @Test
  void missingPairsLeaveTheFarTargetReachable() {
    List<ScoredPair> pairs = new ArrayList<>(separable(10, 300));
    for (int fold = 0; fold < 10; fold++) {
      for (int i = 0; i < 12; i++) { // separable() alternates same, different: 6 of each
        int at = fold * 600 + i * 50 + i % 2;
        pairs.set(at, missing(fold, pairs.get(at).samePerson()));
      }
    }

    EvaluationReport wrong = new LfwProtocol().evaluate(pairs);
    EvaluationReport excluded = new LfwProtocol(MissingPairPolicy.EXCLUDE, LfwProtocol.DEFAULT_FAR_TARGET).evaluate(pairs);

    assertEquals(0.0, wrong.farMean());
    assertEquals(294.0 / 300, wrong.valMean(), EPS);
    assertEquals(60, wrong.missingSamePairs());
    assertEquals(60, wrong.missingDifferentPairs());
    assertTrue(wrong.summary().contains("VAL@FAR=1e-03: 0.9800 ± 0.0000 (mean FAR 0.00000)"), wrong.summary());
    // Accuracy still counts every missing pair as an error.
    assertEquals(1 - 12 / 600.0, wrong.accuracyMean(), EPS);
    assertEquals(1.0, excluded.valMean());
    assertEquals(0.0, excluded.farMean());
    assertEquals(1.0, excluded.accuracyMean());
    // The ROC curve follows the same rule: it leaves (0,0) at FPR 0, not at the missing share, and
    // only the missing same pairs (+infinity, after all 2,940 scored different ones) cost AUC.
    assertEquals(0.0, wrong.roc().get(1).falsePositiveRate());
    assertEquals(0.98, wrong.auc(), EPS);
  }

  @Test
  void excludeDropsMissingPairsButStillCountsThem() {
    List<ScoredPair> pairs = separableWithTwoMissingInFold3();

    EvaluationReport report = new LfwProtocol(MissingPairPolicy.EXCLUDE, LfwProtocol.DEFAULT_FAR_TARGET).evaluate(pairs);

    assertEquals(MissingPairPolicy.EXCLUDE, report.missingPolicy());
    assertEquals(200, report.pairs());
    assertEquals(198, report.evaluatedPairs());
    assertEquals(1, report.missingSamePairs());
    assertEquals(1, report.missingDifferentPairs());
    assertEquals(2, report.folds().get(3).missing());
    assertEquals(1.0, report.folds().get(3).accuracy());
    assertEquals(1.0, report.accuracyMean());
    assertEquals(1.0, report.auc(), EPS);
    assertEquals(1.0, report.valMean());
    assertTrue(report.summary().contains("1 same-person + 1 different-person pairs, policy EXCLUDE"), report.summary());
  }

  @Test
  void reportsTheDocumentedSampleStandardDeviation() {
    // Fold accuracies 1, 1, 0.5: sample std (n-1) is sqrt(1/12), numpy's population std would be sqrt(1/18).
    List<ScoredPair> pairs = new ArrayList<>(separable(2, 1));
    pairs.addAll(List.of(scored(2, true, 0.45), scored(2, true, 1.2), scored(2, false, 0.3), scored(2, false, 1.4)));

    EvaluationReport report = new LfwProtocol().evaluate(pairs);

    assertEquals(List.of(1.0, 1.0, 0.5), report.folds().stream().map(FoldResult::accuracy).toList());
    assertEquals(Math.sqrt(1.0 / 12), report.accuracyStd(), EPS);
  }

  @Test
  void rejectsUnusableInput() {
    LfwProtocol protocol = new LfwProtocol();
    assertThrows(IllegalArgumentException.class, () -> protocol.evaluate(separable(1, 5)), "one fold");
    List<ScoredPair> onlySameInFold1 = new ArrayList<>(separable(1, 5));
    onlySameInFold1.add(scored(1, true, 0.2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> protocol.evaluate(onlySameInFold1));
    assertTrue(e.getMessage().contains("fold 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> protocol.evaluate(List.of(missing(0, true), missing(1, false))));
    assertThrows(IllegalArgumentException.class, () -> scored(0, true, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new LfwProtocol(MissingPairPolicy.EXCLUDE, 0));
  }

  /** {@code perClass} same-person pairs at 0.0..0.49 and as many different-person pairs at 1.0..1.49 in each fold. */
  static List<ScoredPair> separable(int folds, int perClass) {
    List<ScoredPair> pairs = new ArrayList<>();
    for (int fold = 0; fold < folds; fold++) {
      for (int i = 0; i < perClass; i++) {
        pairs.add(scored(fold, true, (fold * perClass + i) % 50 / 100.0));
        pairs.add(scored(fold, false, 1 + (fold * perClass + i) % 50 / 100.0));
      }
    }
    return pairs;
  }

  private static List<ScoredPair> separableWithTwoMissingInFold3() {
    List<ScoredPair> pairs = new ArrayList<>(separable(10, 10));
    int firstOfFold3 = 3 * 20;
    pairs.set(firstOfFold3, missing(3, true));
    pairs.set(firstOfFold3 + 1, missing(3, false));
    return pairs;
  }
}
