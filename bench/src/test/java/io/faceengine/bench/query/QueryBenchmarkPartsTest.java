package io.faceengine.bench.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.bench.Stats;
import io.faceengine.bench.query.Probes.Probe;
import io.faceengine.index.FaceSample;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic: percentiles, recall, probes at a set distance, and the client loop. */
class QueryBenchmarkPartsTest {
  @Test
  void percentilesAreNearestRank() {
    double[] values = new double[100];
    for (int i = 0; i < values.length; i++) {
      values[values.length - 1 - i] = i + 1; // 100 .. 1, unsorted on purpose
    }
    assertEquals(50, Stats.percentile(values, 50));
    assertEquals(99, Stats.percentile(values, 99));
    assertEquals(100, Stats.percentile(values, 100));
    assertEquals(7, Stats.percentile(new double[] {7}, 99));
  }

  @Test
  void recallCountsTheExactIdsFound() {
    String[] exact = {"a", "b", "c", "d"};
    assertEquals(1.0, Recall.of(new String[] {"d", "c", "b", "a"}, exact));
    assertEquals(0.5, Recall.of(new String[] {"a", "x", "c", "y"}, exact));
    assertEquals(0.25, Recall.of(new String[] {"b", "b"}, exact), "a repeated id counts once");
    assertEquals(0.0, Recall.of(new String[] {}, exact), "an empty answer");
    assertThrows(IllegalArgumentException.class, () -> Recall.of(new String[] {"a"}, new String[] {}));
  }

  @Test
  void probesLieAtTheDistanceAsked() {
    Random random = new Random(7);
    for (double distance : new double[] {0, 0.05, 0.29, 1.2}) {
      float[] u = unit(random, 128);
      float[] probe = FaceSample.moved(u, distance, random);
      assertEquals(1.0, VectorUtil.dotProduct(probe, probe), 1e-5, "unit length");
      double d = Math.sqrt(Math.max(0, 2 - 2 * VectorUtil.dotProduct(u, probe)));
      assertEquals(distance, d, 2e-3, "distance " + distance);
    }
  }

  @Test
  void probesAreHalfRealHalfSyntheticAndRepeatable() {
    Random random = new Random(3);
    int n = 400;
    String[] ids = new String[n];
    float[][] vectors = new float[n][];
    boolean[] synthetic = new boolean[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "face-" + i;
      vectors[i] = unit(random, 16);
      synthetic[i] = i >= 30; // 30 real faces, 370 synthetic
    }
    GalleryVectors gallery = new GalleryVectors(ids, vectors, synthetic);
    List<Probe> probes = Probes.sample(gallery, 40, 0.29, 11);
    assertEquals(20, probes.stream().filter(Probe::synthetic).count());
    assertEquals(40, probes.stream().mapToInt(Probe::source).distinct().count(), "no face twice");
    probes.forEach(p -> assertEquals(synthetic[p.source()], p.synthetic()));
    List<Probe> again = Probes.sample(gallery, 40, 0.29, 11);
    for (int i = 0; i < probes.size(); i++) {
      assertEquals(probes.get(i).source(), again.get(i).source());
      assertArrayEquals(probes.get(i).vector(), again.get(i).vector());
    }
    List<Probe> many = Probes.sample(gallery, 100, 0.29, 11);
    assertEquals(30, many.stream().filter(p -> !p.synthetic()).count(), "all 30 real faces, the rest synthetic");
    assertThrows(IllegalArgumentException.class, () -> Probes.sample(gallery, n + 1, 0.29, 1));
    assertThrows(IllegalArgumentException.class, () -> Probes.sample(gallery, 10, 2.5, 1));
  }

  @Test
  void everyRequestIsSentOnceAndTimed() throws Exception {
    ConcurrentHashMap<Integer, Integer> sent = new ConcurrentHashMap<>();
    ClientLoad.Result result = ClientLoad.run(3, 50, n -> {
      sent.merge(n, 1, Integer::sum);
      Thread.sleep(2);
    });
    assertEquals(50, sent.size());
    assertTrue(sent.values().stream().allMatch(c -> c == 1));
    for (double ms : result.latencyMillis()) {
      assertTrue(ms >= 2, "each request slept 2 ms, measured " + ms);
    }
    assertTrue(result.requestsPerSecond() > 0 && result.requestsPerSecond() < 3 * 1000 / 2.0);
  }

  @Test
  void aFailedRequestFailsTheLoad() {
    AtomicInteger calls = new AtomicInteger();
    Exception e = assertThrows(Exception.class, () -> ClientLoad.run(2, 10, n -> {
      calls.incrementAndGet();
      if (n == 4) {
        throw new java.io.IOException("request 4 failed");
      }
    }));
    assertTrue(String.valueOf(e.getMessage()).contains("request 4 failed"), e.toString());
  }

  private static float[] unit(Random random, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    VectorUtil.l2normalize(v);
    return v;
  }
}
