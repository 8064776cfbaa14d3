package io.faceengine.bench.gallery;

import io.faceengine.bench.Stats;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Euclidean distances between faces of one identity and of two different identities: 5th
 * percentile, median and 95th percentile of each, and the share of pairs within the model's
 * threshold. Pairs are sampled with identities drawn uniformly (so the few people with hundreds of
 * faces do not dominate), then two faces of one identity, or one face of each of two.
 */
public record DistanceProfile(int pairs, double sameP5, double sameMedian, double sameP95, double sameWithin,
    double differentP5, double differentMedian, double differentP95, double differentWithin) {

  /** Samples {@code pairs} pairs of each kind from these identities (each an array of unit vectors). */
  public static DistanceProfile of(List<float[][]> identities, int pairs, double threshold, long seed) {
    List<float[][]> several = identities.stream().filter(faces -> faces.length >= 2).toList();
    if (several.isEmpty() || identities.size() < 2) {
      throw new IllegalArgumentException("a distance profile needs an identity with two faces and two identities");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] same = new double[pairs];
    double[] different = new double[pairs];
    for (int p = 0; p < pairs; p++) {
      float[][] faces = several.get(random.nextInt(several.size()));
      int a = random.nextInt(faces.length);
      int b = (a + 1 + random.nextInt(faces.length - 1)) % faces.length;
      same[p] = distance(faces[a], faces[b]);
      int i = random.nextInt(identities.size());
      int j = (i + 1 + random.nextInt(identities.size() - 1)) % identities.size();
      float[][] first = identities.get(i);
      float[][] second = identities.get(j);
      different[p] = distance(first[random.nextInt(first.length)], second[random.nextInt(second.length)]);
    }
    return new DistanceProfile(pairs, Stats.percentile(same, 5), Stats.percentile(same, 50), Stats.percentile(same, 95),
        shareAtMost(same, threshold), Stats.percentile(different, 5), Stats.percentile(different, 50),
        Stats.percentile(different, 95), shareAtMost(different, threshold));
  }

  /** One line: {@code same p5/median/p95 (within threshold) | different ...}. */
  public String describe() {
    return String.format(Locale.ROOT, "same %.3f / %.3f / %.3f (%.1f%% within threshold) | different %.3f / %.3f / %.3f"
        + " (%.2f%% within threshold)", sameP5, sameMedian, sameP95, 100 * sameWithin, differentP5, differentMedian,
        differentP95, 100 * differentWithin);
  }

  static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      double d = a[j] - b[j];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  private static double shareAtMost(double[] values, double threshold) {
    return Arrays.stream(values).filter(v -> v <= threshold).count() / (double) values.length;
  }
}
