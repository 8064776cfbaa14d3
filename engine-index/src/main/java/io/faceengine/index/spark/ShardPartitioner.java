package io.faceengine.index.spark;

import io.faceengine.index.ShardAssigner;
import org.apache.spark.Partitioner;

/**
 * Partition i of the shuffled documents is shard i: keys are face ids and template ids, placed by
 * {@link ShardAssigner#shardOfDocument} (a face by its id, a template by its label).
 */
final class ShardPartitioner extends Partitioner {
  private final ShardAssigner assigner;

  ShardPartitioner(ShardAssigner assigner) {
    this.assigner = assigner;
  }

  @Override
  public int numPartitions() {
    return assigner.shards();
  }

  @Override
  public int getPartition(Object key) {
    return assigner.shardOfDocument((String) key);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShardPartitioner p && p.numPartitions() == numPartitions();
  }

  @Override
  public int hashCode() {
    return numPartitions();
  }
}
