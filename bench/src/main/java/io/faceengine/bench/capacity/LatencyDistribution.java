package io.faceengine.bench.capacity;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A distribution of one shard's search latency, in milliseconds, to draw from: either the measured
 * samples themselves, or a log-normal through two measured quantiles (p50 and p99) when a result
 * file kept only those. Latencies are skewed to the right, which a log-normal follows and a normal
 * does not.
 */
public sealed interface LatencyDistribution {
  /** The 99th percentile of a standard normal: a log-normal through p50 and p99 has sigma = ln(p99/p50) / this. */
  double Z99 = 2.3263478740408408;

  /** One latency drawn at random. */
  double sample(RandomGenerator random);

  /** The mean latency (a queue's service time). */
  double mean();

  /** This distribution with every latency multiplied by {@code factor} (another vector format's speed). */
  LatencyDistribution scaled(double factor);

  /** What it is, in one line: for reports. */
  String describe();

  /** A log-normal whose median is {@code p50} and whose 99th percentile is {@code p99}. */
  static LatencyDistribution logNormal(double p50, double p99) {
    if (!(p50 > 0) || !(p99 > p50)) {
      throw new IllegalArgumentException("a latency distribution needs 0 < p50 < p99, got p50 " + p50 + ", p99 " + p99);
    }
    return new LogNormal(Math.log(p50), Math.log(p99 / p50) / Z99);
  }

  /** The measured latencies themselves: draws are uniform over them. */
  static LatencyDistribution empirical(double[] samples) {
    if (samples.length == 0 || Arrays.stream(samples).anyMatch(s -> !(s >= 0) || Double.isInfinite(s))) {
      throw new IllegalArgumentException("latency samples must be finite, >= 0 and at least one");
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new Empirical(sorted);
  }

  /** ln(latency) is normal with mean {@code mu} and standard deviation {@code sigma}. */
  record LogNormal(double mu, double sigma) implements LatencyDistribution {
    @Override
    public double sample(RandomGenerator random) {
      return Math.exp(mu + sigma * random.nextGaussian());
    }

    @Override
    public double mean() {
      return Math.exp(mu + sigma * sigma / 2);
    }

    @Override
    public LatencyDistribution scaled(double factor) {
      return new LogNormal(mu + Math.log(factor), sigma);
    }

    @Override
    public String describe() {
      return String.format(java.util.Locale.ROOT, "log-normal through p50 %.2f ms and p99 %.2f ms", Math.exp(mu),
          Math.exp(mu + Z99 * sigma));
    }
  }

  /** Measured latencies, ascending. */
  record Empirical(double[] sorted) implements LatencyDistribution {
    @Override
    public double sample(RandomGenerator random) {
      return sorted[random.nextInt(sorted.length)];
    }

    @Override
    public double mean() {
      return Arrays.stream(sorted).average().orElseThrow();
    }

    @Override
    public LatencyDistribution scaled(double factor) {
      return new Empirical(Arrays.stream(sorted).map(s -> s * factor).toArray());
    }

    @Override
    public String describe() {
      return sorted.length + " measured latencies, p50 " + sorted[(sorted.length - 1) / 2] + " ms";
    }
  }
}
