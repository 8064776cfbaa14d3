package io.faceengine.core.eval;

import static io.faceengine.core.eval.ScoredPair.missing;
import static io.faceengine.core.eval.ScoredPair.scored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevSplitTest {
  private static final List<ScoredPair> TRAIN = List.of(
      scored(0, true, 0.1), scored(0, true, 0.2), scored(0, true, 0.3),
      scored(0, false, 0.5), scored(0, false, 0.6), scored(0, false, 0.7));
  // Chosen on this list, a threshold of 0.3 would score 3/4; the training threshold 0.4 scores 2/4.
  private static final List<ScoredPair> TEST = List.of(
      scored(0, true, 0.15), scored(0, true, 0.45), scored(0, false, 0.35), scored(0, false, 0.8));

  @Test
  void choosesTheThresholdOnTheTrainListAndScoresTheTestList() {
    DevSplitReport report = new DevSplit(MissingPairPolicy.COUNT_AS_WRONG).evaluate(TRAIN, TEST);

    assertEquals(0.4, report.threshold(), 1e-12);
    assertEquals(1.0, report.trainAccuracy());
    assertEquals(0.5, report.testAccuracy());
    assertEquals(6, report.trainPairs());
    assertEquals(4, report.testPairs());
    assertTrue(report.toString().contains("test accuracy 0.5000 (4 pairs, 0 missing)"), report.toString());
  }

  @Test
  void missingTestPairsFollowThePolicy() {
    List<ScoredPair> test = new ArrayList<>(TEST);
    test.add(missing(0, true));

    DevSplitReport wrong = new DevSplit(MissingPairPolicy.COUNT_AS_WRONG).evaluate(TRAIN, test);
    DevSplitReport excluded = new DevSplit(MissingPairPolicy.EXCLUDE).evaluate(TRAIN, test);

    assertEquals(2.0 / 5, wrong.testAccuracy(), 1e-12);
    assertEquals(0.5, excluded.testAccuracy());
    assertEquals(1, wrong.testMissing());
    assertEquals(1, excluded.testMissing());
    assertEquals(5, excluded.testPairs());
    assertEquals(MissingPairPolicy.EXCLUDE, excluded.missingPolicy());
  }

  @Test
  void missingTrainPairsDoNotMoveTheThresholdButLowerTrainAccuracy() {
    List<ScoredPair> train = new ArrayList<>(TRAIN);
    train.add(missing(0, false));

    DevSplitReport report = new DevSplit(MissingPairPolicy.COUNT_AS_WRONG).evaluate(train, TEST);

    assertEquals(0.4, report.threshold(), 1e-12);
    assertEquals(6.0 / 7, report.trainAccuracy(), 1e-12);
    assertEquals(1, report.trainMissing());
  }
}
