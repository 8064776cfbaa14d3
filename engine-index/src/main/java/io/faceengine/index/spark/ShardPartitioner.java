package io.faceengine.index.spark;

import io.faceengine.index.ShardAssigner;
import org.apache.spark.Partitioner;

/** Partition i of the shuffled faces is shard i: keys are face ids, placed by {@link ShardAssigner}. */
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
    return assigner.shardOf((String) key);
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
