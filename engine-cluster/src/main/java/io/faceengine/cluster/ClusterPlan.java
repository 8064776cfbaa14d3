package io.faceengine.cluster;

import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.model.ModelManifest;
import java.util.Optional;

/**
 * What one {@code cluster} run does: cluster the faces under {@code faces} and write the result to
 * {@code output}, replacing what is there.
 *
 * @param faces a faces dataset, or an ingest output holding one in {@code faces/}
 * @param index an index root whose CURRENT generation holds the faces; empty: a temporary generation is built
 * @param k neighbours per face in the kNN graph
 * @param threshold distance override on the model's metric; null for the manifest's rule ({@link ClusterThreshold})
 * @param subjectsOnly cluster only each image's subject face (the {@code subject} column)
 * @param oversample and {@code probesPerTask}: how the kNN searches run (as search-batch's)
 * @param index settings of the temporary generation
 */
public record ClusterPlan(String faces, Optional<String> index, String output, int k, Float threshold,
    ClusterAlgorithm algorithm, int maxIterations, boolean subjectsOnly, int oversample, int probesPerTask,
    ModelManifest models, IndexConfig indexSettings) {
  public static final int DEFAULT_K = 30;
  public static final int MAX_K = 1000;
  /** kNN searches need fewer candidates than identification: k = 30 already asks the graph for 30 per shard. */
  public static final int DEFAULT_OVERSAMPLE = 3;

  public ClusterPlan {
    if (faces == null || faces.isBlank() || output == null || output.isBlank()) {
      throw new IllegalArgumentException("cluster needs --faces and --output");
    }
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("--k must be in [1, " + MAX_K + "], got " + k);
    }
    if (maxIterations < 1 || oversample < 1 || probesPerTask < 1) {
      throw new IllegalArgumentException("--max-iterations, oversample and probes per task must be >= 1");
    }
    if (threshold != null && !(threshold > 0f && threshold <= ClusterThreshold.MAX_DISTANCE)) {
      throw new IllegalArgumentException("--threshold " + threshold + " is outside the range of a distance between"
          + " unit vectors, (0, " + (int) ClusterThreshold.MAX_DISTANCE + "]");
    }
    if (algorithm == null || models == null || indexSettings == null || index == null) {
      throw new IllegalArgumentException("cluster needs an algorithm, the model manifest and the index settings");
    }
  }

  /**
   * Settings of a temporary index the job builds: the configured ones, with no more shards than the
   * job's task slots, and nothing measured or added that only the query service reads (threshold,
   * breadth, templates). Every face is searched in every shard, so a shard beyond the slots adds
   * lookups without speeding the build (one task a shard): on 2 cores, 2 shards instead of 4 halved
   * the kNN step at 97,867 faces.
   */
  IndexConfig temporaryIndexSettings(int taskSlots) {
    IndexConfig settings = indexSettings.forJobInternalIndex();
    return settings.with(settings.format(), settings.m(), settings.beamWidth(),
        Math.max(1, Math.min(settings.shards(), taskSlots)));
  }
}
