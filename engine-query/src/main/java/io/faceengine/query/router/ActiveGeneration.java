package io.faceengine.query.router;

import java.util.List;

/**
 * The generation a router searches, as its shard servers last reported it.
 *
 * @param readyReplicas for each shard, the replicas that reported the generation ready, in
 *     configuration order (the others are tried last)
 * @param docs faces in the generation, summed over one ready replica per shard
 */
public record ActiveGeneration(long generation, int shardCount, int dimension, String modelId,
    List<List<Integer>> readyReplicas, long docs) {
  public ActiveGeneration {
    readyReplicas = readyReplicas.stream().map(List::copyOf).toList();
  }

  /** Shards with at least one replica that reported this generation ready. */
  public int shardsReady() {
    return (int) readyReplicas.stream().filter(r -> !r.isEmpty()).count();
  }
}
