package io.faceengine.bench.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceengine.core.compare.DistanceMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

/** Brute force against a full sort of every vector, on several threads. */
class ExactNeighboursTest {
  @Test
  void topKIsTheFullSortsHead() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int n = 2000;
    String[] ids = new String[n];
    float[][] vectors = new float[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = String.format("face-%04d", i);
      vectors[i] = unit(random, 16);
    }
    vectors[7] = vectors[3].clone(); // a tie: broken by face id
    ExactNeighbours exact = new ExactNeighbours(ids, vectors);
    List<float[]> probes = new ArrayList<>();
    for (int p = 0; p < 20; p++) {
      probes.add(p == 0 ? vectors[3] : unit(random, 16));
    }
    List<String[]> tops = exact.top(probes, 10, 3);
    for (int p = 0; p < probes.size(); p++) {
      float[] probe = probes.get(p);
      String[] expected = IntStream.range(0, n).boxed()
          .sorted(Comparator.comparingDouble((Integer i) -> -VectorUtil.dotProduct(probe, vectors[i])).thenComparing(i -> ids[i]))
          .limit(10).map(i -> ids[i]).toArray(String[]::new);
      assertArrayEquals(expected, tops.get(p), "probe " + p + ", seed " + seed);
    }
    assertEquals("face-0003", tops.get(0)[0]);
    assertEquals("face-0007", tops.get(0)[1]);
  }

  private static float[] unit(Random random, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return DistanceMetric.normalize(v);
  }
}
