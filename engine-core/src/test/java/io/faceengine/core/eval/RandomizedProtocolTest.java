package io.faceengine.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link LfwProtocol} with a deliberately naive reference on random inputs with ties and
 * missing distances. The seed is printed; rerun one with {@code -Deval.seed=N}.
 */
class RandomizedProtocolTest {
  private static final int TRIALS = 300;

  @Test
  void foldAccuraciesThresholdsAndAucMatchABruteForceReference() {
    long seed = Long.getLong("eval.seed", System.nanoTime());
    System.out.println("RandomizedProtocolTest seed " + seed + " (rerun with -Deval.seed=" + seed + ")");
    Random random = new Random(seed);
    for (int trial = 0; trial < TRIALS; trial++) {
      int folds = 2 + random.nextInt(9);
      List<ScoredPair> pairs = randomPairs(random, folds);
      MissingPairPolicy policy = random.nextBoolean() ? MissingPairPolicy.COUNT_AS_WRONG : MissingPairPolicy.EXCLUDE;
      String where = "seed " + seed + ", trial " + trial + ", " + policy;

      EvaluationReport report = new LfwProtocol(policy, LfwProtocol.DEFAULT_FAR_TARGET).evaluate(pairs);

      for (int fold = 0; fold < folds; fold++) {
        List<ScoredPair> train = usable(pairs, policy, fold, false);
        List<ScoredPair> test = usable(pairs, policy, fold, true);
        double threshold = referenceThreshold(train);
        FoldResult result = report.folds().get(fold);
        assertEquals(threshold, result.threshold(), 1e-9, where + ", fold " + fold + " threshold");
        assertEquals(correct(test, threshold) / (double) test.size(), result.accuracy(), where + ", fold " + fold);
      }
      assertEquals(referenceAuc(usable(pairs, policy, -1, false)), report.auc(), 1e-12, where + " AUC");
    }
  }

  /** Folds of 1-15 pairs per class; distances on a 0.1 grid half the time (many ties), 10% missing. */
  private static List<ScoredPair> randomPairs(Random random, int folds) {
    boolean grid = random.nextBoolean();
    double separation = 2 * random.nextDouble();
    List<ScoredPair> pairs = new ArrayList<>();
    for (int fold = 0; fold < folds; fold++) {
      for (boolean same : new boolean[] {true, false}) {
        int count = 1 + random.nextInt(15);
        for (int i = 0; i < count; i++) {
          double distance = random.nextGaussian() + (same ? 0 : separation);
          distance = grid ? Math.round(distance * 10) / 10.0 : distance;
          // The first pair of each class stays scored so that every fold keeps both classes.
          pairs.add(i > 0 && random.nextDouble() < 0.1
              ? ScoredPair.missing(fold, same)
              : ScoredPair.scored(fold, same, distance));
        }
      }
    }
    return pairs;
  }

  /** The held-out fold ({@code inFold}) or the other folds (all pairs for fold -1), minus excluded pairs. */
  private static List<ScoredPair> usable(List<ScoredPair> pairs, MissingPairPolicy policy, int fold, boolean inFold) {
    return pairs.stream()
        .filter(p -> (p.fold() == fold) == inFold)
        .filter(p -> policy == MissingPairPolicy.COUNT_AS_WRONG || p.distance().isPresent())
        .toList();
  }

  /** Tries every candidate (lowest distance, each midpoint, above the highest) and keeps the first best. */
  private static double referenceThreshold(List<ScoredPair> train) {
    double[] distinct = train.stream().filter(p -> p.distance().isPresent())
        .mapToDouble(p -> p.distance().getAsDouble()).sorted().distinct().toArray();
    List<Double> candidates = new ArrayList<>();
    candidates.add(distinct[0]);
    for (int i = 1; i < distinct.length; i++) {
      candidates.add((distinct[i - 1] + distinct[i]) / 2);
    }
    candidates.add(Math.nextUp(distinct[distinct.length - 1]));
    double best = candidates.getFirst();
    for (double candidate : candidates) {
      if (correct(train, candidate) > correct(train, best)) {
        best = candidate;
      }
    }
    return best;
  }

  /** Pairs classified right at a threshold; a missing pair is never right. */
  private static int correct(List<ScoredPair> pairs, double threshold) {
    int correct = 0;
    for (ScoredPair p : pairs) {
      if (p.distance().isPresent() && (p.distance().getAsDouble() < threshold) == p.samePerson()) {
        correct++;
      }
    }
    return correct;
  }

  /**
   * Mann-Whitney: the share of (same, different) combinations ordered right, ties half; a missing
   * same-person pair always loses, a missing different-person pair is left out (as for FAR).
   */
  private static double referenceAuc(List<ScoredPair> pairs) {
    List<ScoredPair> same = pairs.stream().filter(ScoredPair::samePerson).toList();
    List<ScoredPair> different = pairs.stream().filter(p -> !p.samePerson() && p.distance().isPresent()).toList();
    double wins = 0;
    for (ScoredPair s : same) {
      for (ScoredPair d : different) {
        if (s.distance().isPresent() && d.distance().isPresent()) {
          double a = s.distance().getAsDouble();
          double b = d.distance().getAsDouble();
          wins += a < b ? 1 : a == b ? 0.5 : 0;
        }
      }
    }
    return wins / ((double) same.size() * different.size());
  }
}
