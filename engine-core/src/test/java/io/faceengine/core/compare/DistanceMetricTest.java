package io.faceengine.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceMetricTest {
  @Test
  void onUnitVectorsEuclideanIsSqrtOfTwiceCosine() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      float[] a = DistanceMetric.normalize(gaussian(random, 128));
      float[] b = DistanceMetric.normalize(gaussian(random, 128));
      float euclidean = DistanceMetric.EUCLIDEAN.distance(a, b);
      float cosine = DistanceMetric.COSINE.distance(a, b);
      assertEquals(Math.sqrt(2 * cosine), euclidean, 1e-5, "seed " + seed);
      assertEquals(DistanceMetric.COSINE.similarity(cosine), DistanceMetric.EUCLIDEAN.similarity(euclidean), 1e-5);
      float dot = 0;
      for (int i = 0; i < a.length; i++) {
        dot += a[i] * b[i];
      }
      assertEquals(euclidean, DistanceMetric.EUCLIDEAN.distanceAt(dot), 1e-5, "distance from the dot product");
      assertEquals(cosine, DistanceMetric.COSINE.distanceAt(dot), 1e-5);
    }
  }

  @Test
  void knownValues() {
    float[] x = {1, 0};
    float[] y = {0, 1};
    assertEquals((float) Math.sqrt(2), DistanceMetric.EUCLIDEAN.distance(x, y), 1e-6);
    assertEquals(1f, DistanceMetric.COSINE.distance(x, y), 1e-6);
    assertEquals(0f, DistanceMetric.EUCLIDEAN.distance(x, x));
    assertEquals(1f, DistanceMetric.EUCLIDEAN.similarity(0f));
    assertEquals(0f, DistanceMetric.COSINE.similarity(1f), 1e-6);
    assertEquals(0f, DistanceMetric.EUCLIDEAN.distanceAt(1.0000001f), "rounding above 1 is distance 0");
    assertEquals(2f, DistanceMetric.EUCLIDEAN.distanceAt(-1f), 1e-6);
    float[] v = DistanceMetric.normalize(new float[] {3, 4});
    assertEquals(0.6f, v[0], 1e-6);
    assertEquals(0.8f, v[1], 1e-6);
    assertEquals(0f, DistanceMetric.normalize(new float[] {0, 0})[0], "a zero vector stays zero");
  }

  @Test
  void mismatchedDimensionsAreAnError() {
    assertThrows(IllegalArgumentException.class, () -> DistanceMetric.EUCLIDEAN.distance(new float[2], new float[3]));
  }

  private static float[] gaussian(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
