package io.faceengine.bench.capacity;

import io.faceengine.bench.capacity.FanOutSimulation.Tail;
import io.faceengine.bench.capacity.MeasuredFigures.FormatFigures;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes an index of many faces from the measured figures: shards of {@code shardSize} faces (the
 * size the per-shard latency was measured at), enough replicas of each that no shard host is busier
 * than {@code maxUtilisation} at {@code qps}, memory and disk from bytes per vector, build time from
 * vectors per second per core, and the query latency tail by {@link FanOutSimulation}.
 *
 * @param shardSize faces per shard
 * @param qps searches per second offered to the whole index (each reaches every shard)
 * @param hostCores cores of a shard host, each running one search at a time
 * @param maxUtilisation the busiest a shard host may be; replicas are added until none is busier
 * @param buildCores cores a build runs on
 * @param mergeMsPerShard the router's cost per shard answer (an assumption, see docs/benchmarks.md)
 * @param queries simulated queries per latency figure
 * @param seed of the simulation
 */
public record CapacityModel(MeasuredFigures figures, long shardSize, double qps, int hostCores, double maxUtilisation,
    int buildCores, double mergeMsPerShard, int queries, long seed) {
  private static final double GIB = 1024.0 * 1024 * 1024;

  public CapacityModel {
    if (shardSize < 1 || !(qps >= 0) || hostCores < 1 || !(maxUtilisation > 0 && maxUtilisation < 1) || buildCores < 1
        || !(mergeMsPerShard >= 0) || queries < 1) {
      throw new IllegalArgumentException("shard size, host cores, build cores and queries must be >= 1, qps and merge"
          + " cost >= 0, utilisation in (0, 1)");
    }
  }

  /**
   * One vector format at one index size.
   *
   * @param replicas of each shard, for the load; hosts = shards x replicas, one shard per host
   * @param ramSearchGiB memory the searches keep hot, all replicas: graph and the vectors it scores
   * @param ramRerankGiB the raw floats quantized formats read only to re-rank a query's candidates, all replicas
   * @param diskTiB all files of one copy of the index
   * @param utilisation the busiest a shard host is at {@code qps}; null with {@code latency}
   * @param latency the simulated tail at {@code qps}; null when the format's speed at recall 0.98 was not measured
   */
  public record Sizing(long faces, String format, int shards, int replicas, long hosts, double ramSearchGiB,
      double ramRerankGiB, double diskTiB, double buildHours, Double utilisation, Tail latency) {}

  /** The fan-out tail of int8 shards at one shard count, without load and at {@code qps}. */
  public record FanOut(int shards, int replicas, double utilisation, Tail unloaded, Tail loaded) {}

  /** The sizing of {@code faces} faces in {@code format}. */
  public Sizing size(long faces, FormatFigures format) {
    int shards = (int) Math.min(Integer.MAX_VALUE, (faces + shardSize - 1) / shardSize);
    double buildHours = faces / format.vectorsPerSecondPerCore() / buildCores / 3600;
    double diskTiB = faces * format.diskBytesPerVector() / GIB / 1024;
    if (format.latencyFactor() == null) {
      return new Sizing(faces, format.format(), shards, 1, shards, faces * format.ramBytesPerVector() / GIB,
          faces * format.rerankBytesPerVector() / GIB, diskTiB, buildHours, null, null);
    }
    LatencyDistribution shard = figures.shardLatency().scaled(format.latencyFactor());
    int replicas = replicas(shard);
    ShardQueue queue = queue(shard, replicas);
    Tail tail = new FanOutSimulation(shard, figures.routerOverhead(), mergeMsPerShard, queue).run(shards, queries, seed);
    return new Sizing(faces, format.format(), shards, replicas, (long) shards * replicas,
        replicas * faces * format.ramBytesPerVector() / GIB, replicas * faces * format.rerankBytesPerVector() / GIB,
        diskTiB, buildHours, queue.utilisation(), tail);
  }

  /** The fan-out tail of int8 shards over each of {@code shardCounts}. */
  public List<FanOut> fanOut(List<Integer> shardCounts) {
    LatencyDistribution shard = figures.shardLatency();
    int replicas = replicas(shard);
    ShardQueue queue = queue(shard, replicas);
    List<FanOut> rows = new ArrayList<>();
    for (int shards : shardCounts) {
      Tail unloaded = new FanOutSimulation(shard, figures.routerOverhead(), mergeMsPerShard, ShardQueue.NONE)
          .run(shards, queries, seed);
      Tail loaded = new FanOutSimulation(shard, figures.routerOverhead(), mergeMsPerShard, queue)
          .run(shards, queries, seed);
      rows.add(new FanOut(shards, replicas, queue.utilisation(), unloaded, loaded));
    }
    return rows;
  }

  /** Replicas of a shard so that no host is busier than {@code maxUtilisation} (every query reaches every shard). */
  int replicas(LatencyDistribution shard) {
    double busyCores = qps * shard.mean() / 1000;
    return Math.max(1, (int) Math.ceil(busyCores / (hostCores * maxUtilisation)));
  }

  private ShardQueue queue(LatencyDistribution shard, int replicas) {
    return new ShardQueue(hostCores, qps / replicas / 1000, shard.mean());
  }
}
