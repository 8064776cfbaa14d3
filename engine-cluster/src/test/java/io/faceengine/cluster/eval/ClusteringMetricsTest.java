package io.faceengine.cluster.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceengine.cluster.eval.ClusteringMetrics.ClusteringScores;
import org.junit.jupiter.api.Test;

/** Each metric on small clusterings worked out by hand. */
class ClusteringMetricsTest {
  private static final double EPS = 1e-9;

  /** Person A has faces a1 a2 a3, person B b1 b2. */
  private static ClusteringScores score(String[][] cells) {
    ClusteringMetrics metrics = new ClusteringMetrics();
    for (String[] cell : cells) {
      metrics.addCell(cell[0], cell[1], Long.parseLong(cell[2]));
    }
    return metrics.scores();
  }

  @Test
  void perfectClusteringScoresOneWhateverTheClusterNames() {
    ClusteringScores s = score(new String[][] {{"7", "A", "3"}, {"2", "B", "2"}});
    assertEquals(1, s.pairwisePrecision(), EPS);
    assertEquals(1, s.pairwiseRecall(), EPS);
    assertEquals(1, s.bcubedF(), EPS);
    assertEquals(1, s.nmi(), EPS);
    assertEquals(2, s.clusters());
    assertEquals(2, s.people());
  }

  /** {a1 a2} {a3 b1 b2}: same-identity pairs a1a2 + b1b2 = 2 of 1 + 3 predicted and 3 + 1 true. */
  @Test
  void splitAndMerged() {
    ClusteringScores s = score(new String[][] {{"c1", "A", "2"}, {"c2", "A", "1"}, {"c2", "B", "2"}});
    assertEquals(0.5, s.pairwisePrecision(), EPS);
    assertEquals(0.5, s.pairwiseRecall(), EPS);
    assertEquals(0.5, s.pairwiseF(), EPS);
    // Precision per face: a1, a2: 2/2; a3: 1/3; b1, b2: 2/3. Recall: a1, a2: 2/3; a3: 1/3; b1, b2: 2/2.
    assertEquals((1 + 1 + 1 / 3.0 + 2 / 3.0 + 2 / 3.0) / 5, s.bcubedPrecision(), EPS);
    assertEquals((2 / 3.0 + 2 / 3.0 + 1 / 3.0 + 1 + 1) / 5, s.bcubedRecall(), EPS);
  }

  /** One cluster of everyone: recall 1; pairwise precision 4 of 10 pairs; BCubed precision 3/5 and 2/5 per face. */
  @Test
  void everyoneInOneCluster() {
    ClusteringScores s = score(new String[][] {{"c", "A", "3"}, {"c", "B", "2"}});
    assertEquals(0.4, s.pairwisePrecision(), EPS);
    assertEquals(1, s.pairwiseRecall(), EPS);
    assertEquals(2 * 0.4 / 1.4, s.pairwiseF(), EPS);
    assertEquals((3 * 0.6 + 2 * 0.4) / 5, s.bcubedPrecision(), EPS);
    assertEquals(1, s.bcubedRecall(), EPS);
    assertEquals(0, s.nmi(), EPS, "one cluster tells nothing about identity");
  }

  /** All singletons: no predicted pair (precision 1 by convention), no true pair found. */
  @Test
  void allSingletons() {
    ClusteringScores s = score(new String[][] {{"1", "A", "1"}, {"2", "A", "1"}, {"3", "A", "1"}, {"4", "B", "1"},
        {"5", "B", "1"}});
    assertEquals(1, s.pairwisePrecision(), EPS);
    assertEquals(0, s.pairwiseRecall(), EPS);
    assertEquals(0, s.pairwiseF(), EPS);
    assertEquals(1, s.bcubedPrecision(), EPS);
    assertEquals((3 / 3.0 + 2 / 2.0) / 5, s.bcubedRecall(), EPS);
    assertEquals(5, s.clusters());
  }

  /** Clusters independent of identity ({a1 b1} {a2 b2}): no mutual information. */
  @Test
  void independentClusteringHasZeroNmi() {
    ClusteringScores s = score(new String[][] {{"1", "A", "1"}, {"1", "B", "1"}, {"2", "A", "1"}, {"2", "B", "1"}});
    assertEquals(0, s.nmi(), EPS);
    assertEquals(0, s.pairwisePrecision(), EPS);
    assertEquals("pairwise F: 0.0000 BCubed F: 0.5000 clusters: 2 people: 2", s.line());
  }

  @Test
  void aCellAddedTwiceIsRefused() {
    ClusteringMetrics metrics = new ClusteringMetrics();
    metrics.addCell("1", "A", 2);
    assertThrows(IllegalArgumentException.class, () -> metrics.addCell("1", "A", 1));
  }
}
