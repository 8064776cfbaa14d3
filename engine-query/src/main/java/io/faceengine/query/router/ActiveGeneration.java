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
 * @param templates whether its shards hold person templates: searches then answer persons
 */
public record ActiveGeneration(long generation, int shardCount, int dimension, String modelId,
    List<List<Integer>> readyServers, long docs, OpenSetCalibration calibration, boolean templates) {
  public ActiveGeneration {
    readyServers = readyServers.stream().map(List::copyOf).toList();
  }

  /** A generation without person templates. */
  public ActiveGeneration(long generation, int shardCount, int dimension, String modelId,
      List<List<Integer>> readyServers, long docs, OpenSetCalibration calibration) {
    this(generation, shardCount, dimension, modelId, readyServers, docs, calibration, false);
  }

  /** Shards with at least one server that reported this generation ready. */
  public int shardsReady() {
    return (int) readyServers.stream().filter(r -> !r.isEmpty()).count();
  }
}
