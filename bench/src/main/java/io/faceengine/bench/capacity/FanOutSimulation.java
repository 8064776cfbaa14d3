package io.faceengine.bench.capacity;

import io.faceengine.bench.Stats;
import java.util.SplittableRandom;

/**
 * The latency of a search fanned out to S shards, by Monte Carlo: each simulated query draws one
 * latency per shard from the per-shard distribution (plus, under load, a wait in the shard host's
 * queue), waits for the slowest, and adds the router's own cost: an overhead drawn from its measured
 * distribution and a merge cost per shard answer. The tail grows with S because the slowest of many
 * draws lies ever further out in the per-shard tail: with S = 100, a query's median is the per-shard
 * p99.3 (0.5^(1/100)).
 *
 * @param shard one shard's search latency, unloaded
 * @param routerOverhead the router's time beyond its slowest shard (HTTP, JSON, gRPC, merge), per query
 * @param mergeMsPerShard the router's further cost for each shard answer it receives and merges
 * @param queue the wait in a shard host's queue at the offered load, or {@link ShardQueue#NONE}
 */
public record FanOutSimulation(LatencyDistribution shard, LatencyDistribution routerOverhead, double mergeMsPerShard,
    ShardQueue queue) {

  /** Latency percentiles of the simulated queries, in ms. */
  public record Tail(int shards, double p50, double p99, double p999, double mean) {}

  /** {@code queries} simulated searches over {@code shards} shards, seeded. */
  public Tail run(int shards, int queries, long seed) {
    if (shards < 1 || queries < 1) {
      throw new IllegalArgumentException("shards and queries must be >= 1, got " + shards + ", " + queries);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] latencies = new double[queries];
    for (int q = 0; q < queries; q++) {
      double slowest = 0;
      for (int s = 0; s < shards; s++) {
        slowest = Math.max(slowest, shard.sample(random) + queue.sampleWait(random));
      }
      latencies[q] = slowest + (routerOverhead != null ? routerOverhead.sample(random) : 0) + mergeMsPerShard * shards;
    }
    return new Tail(shards, Stats.percentile(latencies, 50), Stats.percentile(latencies, 99),
        Stats.percentile(latencies, 99.9), java.util.Arrays.stream(latencies).average().orElseThrow());
  }
}
