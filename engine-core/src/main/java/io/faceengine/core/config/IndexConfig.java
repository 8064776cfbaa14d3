package io.faceengine.core.config;

import java.util.Optional;

/**
 * Settings of the sharded index, from {@code engine.index}; see {@code conf/engine.conf}.
 *
 * @param format how new shards store their vectors
 * @param m HNSW: the maximum neighbours of a node (Lucene's {@code maxConn})
 * @param beamWidth HNSW: candidates kept while inserting a node
 * @param shards shards of a new build when the command does not say
 * @param generationsToKeep published generations kept for rollback, the current one included
 * @param buildDir where tasks build a shard before publishing it; empty means the JVM's temp dir
 */
public record IndexConfig(VectorFormat format, int m, int beamWidth, int shards, int generationsToKeep,
    Optional<String> buildDir) {
  /** Lucene's own bounds (Lucene99HnswVectorsFormat MAXIMUM_MAX_CONN and MAXIMUM_BEAM_WIDTH). */
  public static final int MAX_M = 512;
  public static final int MAX_BEAM_WIDTH = 3200;
  /** More shards than this is a typo, not a plan: each shard is one Spark task and one searcher. */
  public static final int MAX_SHARDS = 4096;

  public IndexConfig {
    if (format == null) {
      throw new IllegalArgumentException("engine.index.format is required");
    }
    requireRange("m", m, 2, MAX_M);
    requireRange("beam-width", beamWidth, 1, MAX_BEAM_WIDTH);
    requireRange("shards", shards, 1, MAX_SHARDS);
    requireRange("generations-to-keep", generationsToKeep, 1, 1000);
    buildDir = buildDir == null ? Optional.empty() : buildDir.filter(dir -> !dir.isBlank());
  }

  /** These settings with another format, HNSW parameters or shard count (command-line overrides). */
  public IndexConfig with(VectorFormat newFormat, int newM, int newBeamWidth, int newShards) {
    return new IndexConfig(newFormat, newM, newBeamWidth, newShards, generationsToKeep, buildDir);
  }

  private static void requireRange(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("engine.index." + key + " must be in [" + min + ", " + max + "], got " + value);
    }
  }
}
