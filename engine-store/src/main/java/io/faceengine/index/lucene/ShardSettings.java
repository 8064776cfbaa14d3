package io.faceengine.index.lucene;

import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.VectorFormat;
import java.io.Serializable;

/**
 * How one shard is written: vector format, HNSW parameters and the embedding dimension.
 *
 * @param m the HNSW graph's maximum neighbours per node
 * @param beamWidth HNSW candidates kept while inserting a node
 */
public record ShardSettings(VectorFormat format, int m, int beamWidth, int dimension) implements Serializable {
  /** Lucene's limit for indexed float vectors. */
  public static final int MAX_DIMENSION = 1024;

  public ShardSettings {
    if (format == null) {
      throw new IllegalArgumentException("a vector format is required");
    }
    if (m < 2 || m > IndexConfig.MAX_M || beamWidth < 1 || beamWidth > IndexConfig.MAX_BEAM_WIDTH) {
      throw new IllegalArgumentException("HNSW M must be in [2, " + IndexConfig.MAX_M + "] and beamWidth in [1, "
          + IndexConfig.MAX_BEAM_WIDTH + "], got M=" + m + ", beamWidth=" + beamWidth);
    }
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException("embedding dimension must be in [1, " + MAX_DIMENSION + "], got " + dimension);
    }
  }

  /** The settings of a build from the configuration, for embeddings of this dimension. */
  public static ShardSettings of(IndexConfig config, int dimension) {
    return new ShardSettings(config.format(), config.m(), config.beamWidth(), dimension);
  }
}
