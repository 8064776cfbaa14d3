package io.faceengine.index.lucene;

/**
 * A face found in a shard with its full-precision embedding (a copy), so that whoever merges the
 * answers of several shards can re-rank them exactly.
 */
public record ShardMatch(ShardHit hit, float[] embedding) {}
