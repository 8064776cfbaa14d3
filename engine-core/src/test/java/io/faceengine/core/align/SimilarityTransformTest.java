package io.faceengine.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {
  private static final double EPS = 1e-9;

  @Test
  void recoversAKnownTransformExactly() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int trial = 0; trial < 100; trial++) {
      double angle = random.nextDouble() * 2 * Math.PI;
      double scale = 0.1 + random.nextDouble() * 5;
      SimilarityTransform truth = new SimilarityTransform(scale * Math.cos(angle), scale * Math.sin(angle),
          random.nextGaussian() * 100, random.nextGaussian() * 100);
      double[] from = new double[10];
      double[] to = new double[10];
      for (int i = 0; i < 5; i++) {
        from[2 * i] = random.nextDouble() * 200;
        from[2 * i + 1] = random.nextDouble() * 200;
        double[] p = truth.apply(from[2 * i], from[2 * i + 1]);
        to[2 * i] = p[0];
        to[2 * i + 1] = p[1];
      }
      SimilarityTransform fit = SimilarityTransform.fit(from, to, null);
      String where = "seed " + seed + ", trial " + trial;
      assertEquals(truth.a(), fit.a(), 1e-6, where);
      assertEquals(truth.b(), fit.b(), 1e-6, where);
      assertEquals(truth.tx(), fit.tx(), 1e-4, where);
      assertEquals(truth.ty(), fit.ty(), 1e-4, where);
    }
  }

  @Test
  void zeroWeightPointsDoNotPullTheFit() {
    // Two points define the transform (a pure shift by (10, 20)); the third, weighted 0, is an outlier.
    double[] from = {0, 0, 10, 0, 5, 5};
    double[] to = {10, 20, 20, 20, 500, -300};
    SimilarityTransform fit = SimilarityTransform.fit(from, to, new double[] {1, 1, 0});
    assertEquals(1, fit.a(), EPS);
    assertEquals(0, fit.b(), EPS);
    assertEquals(10, fit.tx(), EPS);
    assertEquals(20, fit.ty(), EPS);
  }

  @Test
  void onScaledCropComposesWithTheCrop() {
    SimilarityTransform t = new SimilarityTransform(0.8, 0.3, 12, -7);
    SimilarityTransform crop = t.onScaledCrop(40, 25, 0.5);
    // A pixel (x', y') of the half-size crop is image pixel (x'/0.5 + 40, y'/0.5 + 25).
    double[] direct = t.apply(7 / 0.5 + 40, 9 / 0.5 + 25);
    double[] composed = crop.apply(7, 9);
    assertEquals(direct[0], composed[0], EPS);
    assertEquals(direct[1], composed[1], EPS);
  }

  @Test
  void rejectsDegenerateInput() {
    assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.fit(new double[] {1, 1, 1, 1},
        new double[] {0, 0, 5, 5}, null));
    assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.fit(new double[] {0, 0, 1, 1},
        new double[] {0, 0}, null));
    assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.fit(new double[] {0, 0, 1, 1},
        new double[] {0, 0, 1, 1}, new double[] {0, 0}));
  }
}
