package io.faceengine.index;

import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.quality.QualityLimits;

/**
 * What one {@code index build} does: read the faces under {@code input}, build
 * {@code index.shards()} shards with {@code index}'s vector format and HNSW parameters, publish
 * them as a new generation under {@code root}.
 *
 * @param input the faces dataset, or an ingest output directory holding one in {@code faces/}
 * @param root the index root (any Hadoop URI)
 * @param models where the embedder's dimension and metric are looked up by the faces' {@code model_id}
 * @param deletions faces to delete, recorded in the root's deletion ledger (the build also leaves
 *     out every face the ledger already names)
 * @param publish move {@code CURRENT} to the new generation; false leaves that to {@code index publish}
 * @param qualityGate faces that did not pass it are left out (their stored {@code quality_ok}, else these
 *     limits applied to their measurements); null enrols every face
 */
public record IndexBuildPlan(String input, String root, IndexConfig index, ModelManifest models, Deletions deletions,
    boolean publish, QualityLimits qualityGate) {
  public IndexBuildPlan {
    if (input == null || input.isBlank() || root == null || root.isBlank()) {
      throw new IllegalArgumentException("an index build needs an input and an output root");
    }
    if (index == null || models == null) {
      throw new IllegalArgumentException("an index build needs the index settings and the model manifest");
    }
    deletions = deletions == null ? Deletions.NONE : deletions;
  }

  /** A build without a quality gate. */
  public IndexBuildPlan(String input, String root, IndexConfig index, ModelManifest models, Deletions deletions,
      boolean publish) {
    this(input, root, index, models, deletions, publish, null);
  }

  /**
   * A build that publishes its generation, records no new deletions and enrols every face, whatever
   * its quality (clustering, benchmarks and tests; the index commands gate by {@code engine.quality}).
   */
  public IndexBuildPlan(String input, String root, IndexConfig index, ModelManifest models) {
    this(input, root, index, models, Deletions.NONE, true);
  }
}
