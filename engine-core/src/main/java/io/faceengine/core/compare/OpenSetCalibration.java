package io.faceengine.core.compare;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The decision threshold of one gallery for a target false-positive identification rate (FPIR),
 * learnt from the gallery's own impostor scores: the distance from each of {@code probes} held-out
 * gallery faces to its nearest face of <em>another</em> person in the rest of the gallery. Such a
 * face stands for a stranger, and its best impostor distance is what a stranger would score; a
 * larger gallery gives strangers more chances, so smaller distances and a lower threshold.
 *
 * <p>The threshold for FPIR {@code f} is the largest distance that accepts at most
 * {@code floor(f * probes)} of the impostor scores (the rule of {@code IdentificationMetrics}). Where
 * that leaves fewer than {@link #MIN_TAIL} scores in the tail the empirical quantile is too noisy,
 * and the threshold comes from a Gumbel distribution for minima fitted to all scores by moments (a
 * best distance is a minimum over the gallery): {@code F(t) = 1 - exp(-exp((t - location) / scale))}.
 *
 * @param probes how many held-out faces were searched
 * @param lowestDistances the lowest impostor distances, ascending (at most {@link #KEPT} of them)
 * @param gumbelLocation the fitted location
 * @param gumbelScale the fitted scale (> 0)
 */
public record OpenSetCalibration(int probes, List<Double> lowestDistances, double gumbelLocation, double gumbelScale)
    implements Serializable {

  /** Fewest impostor scores below a threshold for the empirical quantile to be used. */
  public static final int MIN_TAIL = 10;
  /** How many of the lowest impostor scores are kept (enough for FPIR up to 0.5 of 2,000 probes). */
  public static final int KEPT = 1000;

  private static final double EULER_GAMMA = 0.5772156649015329;

  public OpenSetCalibration {
    lowestDistances = List.copyOf(lowestDistances);
    if (probes < 2 || lowestDistances.isEmpty()) {
      throw new IllegalArgumentException("a calibration needs at least 2 impostor scores, got " + probes);
    }
    if (!(gumbelScale > 0)) {
      throw new IllegalArgumentException("the Gumbel scale must be > 0, got " + gumbelScale);
    }
  }

  /** Fits a calibration to the impostor distances (any order; NaN and infinite values are refused). */
  public static OpenSetCalibration fit(double[] impostorDistances) {
    if (impostorDistances.length < 2) {
      throw new IllegalArgumentException("a calibration needs at least 2 impostor scores, got "
          + impostorDistances.length);
    }
    double[] sorted = impostorDistances.clone();
    Arrays.sort(sorted);
    if (!Double.isFinite(sorted[0]) || !Double.isFinite(sorted[sorted.length - 1])) {
      throw new IllegalArgumentException("impostor distances must be finite");
    }
    double mean = Arrays.stream(sorted).average().orElseThrow();
    double variance = Arrays.stream(sorted).map(d -> (d - mean) * (d - mean)).sum() / (sorted.length - 1);
    // Gumbel for minima: mean = location - gamma * scale, variance = (pi * scale)^2 / 6.
    double scale = Math.max(Math.sqrt(6 * variance) / Math.PI, 1e-6);
    double location = mean + EULER_GAMMA * scale;
    List<Double> kept = Arrays.stream(sorted, 0, Math.min(KEPT, sorted.length)).boxed().toList();
    return new OpenSetCalibration(sorted.length, kept, location, scale);
  }

  /** The threshold for FPIR {@code fpir} in (0, 1): empirical where the tail holds enough scores, else fitted. */
  public double threshold(double fpir) {
    if (!(fpir > 0 && fpir < 1)) {
      throw new IllegalArgumentException("the target FPIR must be in (0, 1), got " + fpir);
    }
    int allowed = (int) Math.floor(fpir * probes + 1e-9);
    if (allowed >= MIN_TAIL && allowed < lowestDistances.size()) {
      return Math.nextDown(lowestDistances.get(allowed));
    }
    return fittedThreshold(fpir);
  }

  /** The fitted distribution's threshold for {@code fpir}: {@code F(t) = fpir}. */
  public double fittedThreshold(double fpir) {
    return gumbelLocation + gumbelScale * Math.log(-Math.log1p(-fpir));
  }

  /** The fitted distribution's FPIR at threshold {@code t}. */
  public double fittedFpir(double t) {
    return -Math.expm1(-Math.exp((t - gumbelLocation) / gumbelScale));
  }
}
