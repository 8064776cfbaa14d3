package io.faceengine.query.router;

import io.faceengine.core.compare.OpenSetCalibration;
import java.util.List;

/**
 * The generation a router searches, as its shard servers last reported it.
 *
 * @param readyServers for each of the generation's shards, the shard servers (numbered in
 *     configuration order) that reported it ready
 * @param docs faces in the generation, summed over one ready server per shard
 * @param calibration its open-set calibration, null when it has none
 */
public record ActiveGeneration(long generation, int shardCount, int dimension, String modelId,
    List<List<Integer>> readyServers, long docs, OpenSetCalibration calibration) {
  public ActiveGeneration {
    readyServers = readyServers.stream().map(List::copyOf).toList();
  }

  /** Shards with at least one server that reported this generation ready. */
  public int shardsReady() {
    return (int) readyServers.stream().filter(r -> !r.isEmpty()).count();
  }
}
