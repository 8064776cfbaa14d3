package io.faceengine.bench.capacity;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The wait of a search in one shard host's queue (M/M/c: Poisson arrivals, c cores each running one
 * search at a time, exponential service with the shard's mean search time). A search waits with the
 * Erlang C probability, then for an exponential time of rate c*mu - lambda. It is a model: real
 * service times are log-normal, not exponential, so it understates the wait's tail a little.
 */
public final class ShardQueue {
  /** No load: searches never wait. */
  public static final ShardQueue NONE = new ShardQueue(1, 0, 1);

  private final int cores;
  private final double arrivalsPerMs;
  private final double meanServiceMs;
  private final double waitProbability;

  /**
   * @param cores searches a host runs at once (its cores)
   * @param arrivalsPerMs searches reaching one replica per millisecond
   * @param meanServiceMs the shard's mean search time
   */
  public ShardQueue(int cores, double arrivalsPerMs, double meanServiceMs) {
    if (cores < 1 || !(arrivalsPerMs >= 0) || !(meanServiceMs > 0)) {
      throw new IllegalArgumentException("cores >= 1, arrivals >= 0 and a positive service time required, got "
          + cores + ", " + arrivalsPerMs + ", " + meanServiceMs);
    }
    this.cores = cores;
    this.arrivalsPerMs = arrivalsPerMs;
    this.meanServiceMs = meanServiceMs;
    if (utilisation() >= 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "a host of %d cores cannot keep up with %.1f"
          + " searches/s of %.2f ms each (utilisation %.2f): add replicas", cores, arrivalsPerMs * 1000, meanServiceMs,
          utilisation()));
    }
    this.waitProbability = erlangC(cores, arrivalsPerMs * meanServiceMs);
  }

  /** The share of a host's cores busy searching. */
  public double utilisation() {
    return arrivalsPerMs * meanServiceMs / cores;
  }

  /** The probability that a search waits (Erlang C). */
  public double waitProbability() {
    return waitProbability;
  }

  /** One search's wait in the queue, in ms. */
  public double sampleWait(RandomGenerator random) {
    if (waitProbability == 0 || random.nextDouble() >= waitProbability) {
      return 0;
    }
    double rate = cores / meanServiceMs - arrivalsPerMs;
    return -Math.log(1 - random.nextDouble()) / rate;
  }

  /** Erlang C: the probability that an arrival finds all {@code c} servers busy at offered load {@code a} (in servers). */
  static double erlangC(int c, double a) {
    if (a == 0) {
      return 0;
    }
    double term = 1;
    double sum = 1; // a^k / k! for k < c
    for (int k = 1; k < c; k++) {
      term *= a / k;
      sum += term;
    }
    double last = term * a / c / (1 - a / c); // a^c / c! / (1 - rho)
    return last / (sum + last);
  }
}
