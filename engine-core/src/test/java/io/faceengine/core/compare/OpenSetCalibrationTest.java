package io.faceengine.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenSetCalibrationTest {
  private static final double LOCATION = 0.55;
  private static final double SCALE = 0.04;

  /** Draws best-impostor distances from a Gumbel distribution for minima. */
  private static double[] gumbelMin(int n, long seed) {
    Random random = new Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      out[i] = LOCATION + SCALE * Math.log(-Math.log1p(-u));
    }
    return out;
  }

  private static double acceptedFraction(double[] scores, double t) {
    return Arrays.stream(scores).filter(d -> d <= t).count() / (double) scores.length;
  }

  @Test
  void fitsTheDistributionScoresCameFrom() {
    OpenSetCalibration calibration = OpenSetCalibration.fit(gumbelMin(20_000, 1));
    assertEquals(LOCATION, calibration.gumbelLocation(), 0.002);
    assertEquals(SCALE, calibration.gumbelScale(), 0.002);
    assertEquals(0.01, calibration.fittedFpir(calibration.fittedThreshold(0.01)), 1e-9);
  }

  @Test
  void thresholdHoldsTheTargetOnNewStrangers() {
    OpenSetCalibration calibration = OpenSetCalibration.fit(gumbelMin(5_000, 2));
    double[] strangers = gumbelMin(100_000, 3);
    double observed = acceptedFraction(strangers, calibration.threshold(0.01));
    assertTrue(observed > 0.005 && observed < 0.02, "observed FPIR " + observed + " for a target of 0.01");
  }

  @Test
  void usesTheEmpiricalQuantileWhereTheTailHoldsEnoughScores() {
    double[] scores = gumbelMin(2_000, 4);
    OpenSetCalibration calibration = OpenSetCalibration.fit(scores);
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    double t = calibration.threshold(0.01); // 20 scores allowed below
    assertEquals(Math.nextDown(sorted[20]), t, 0.0);
    assertTrue(acceptedFraction(scores, t) <= 0.01);
  }

  @Test
  void fallsBackToTheFitForTargetsBelowTheSample() {
    OpenSetCalibration calibration = OpenSetCalibration.fit(gumbelMin(300, 5));
    assertEquals(calibration.fittedThreshold(0.001), calibration.threshold(0.001), 0.0); // 0 scores allowed
    double[] strangers = gumbelMin(200_000, 6);
    double observed = acceptedFraction(strangers, calibration.threshold(0.001));
    assertTrue(observed > 0.0003 && observed < 0.003, "observed FPIR " + observed + " for a target of 0.001");
  }

  @Test
  void refusesWhatCannotBeCalibrated() {
    assertThrows(IllegalArgumentException.class, () -> OpenSetCalibration.fit(new double[] {0.5}));
    assertThrows(IllegalArgumentException.class, () -> OpenSetCalibration.fit(new double[] {0.5, Double.NaN}));
    OpenSetCalibration calibration = OpenSetCalibration.fit(gumbelMin(100, 7));
    assertThrows(IllegalArgumentException.class, () -> calibration.threshold(0));
    assertThrows(IllegalArgumentException.class, () -> calibration.threshold(1));
  }
}
