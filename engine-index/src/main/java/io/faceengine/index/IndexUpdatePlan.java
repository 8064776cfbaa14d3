package io.faceengine.index;

import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.quality.QualityLimits;
import java.util.Optional;

/**
 * What one {@code index update} does: add the runs of the faces dataset that {@code CURRENT}'s
 * generation does not hold yet, and delete faces, into the next generation under {@code root}.
 *
 * @param input the faces dataset (or an ingest output directory); empty for the one CURRENT's manifest records
 * @param root the index root (any Hadoop URI)
 * @param deletions faces to delete, recorded in the deletion ledger
 * @param index where shards are built and how many generations are kept (the shards' format, HNSW
 *     parameters and count come from CURRENT's manifest)
 * @param publish move {@code CURRENT} to the new generation; false leaves that to {@code index publish}
 * @param qualityGate new faces that did not pass it are left out (as {@link IndexBuildPlan#qualityGate});
 *     null adds every face
 */
public record IndexUpdatePlan(Optional<String> input, String root, Deletions deletions, IndexConfig index,
    boolean publish, QualityLimits qualityGate) {
  /** An update without a quality gate. */
  public IndexUpdatePlan(Optional<String> input, String root, Deletions deletions, IndexConfig index, boolean publish) {
    this(input, root, deletions, index, publish, null);
  }

  public IndexUpdatePlan {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("an index update needs the index root");
    }
    input = input == null ? Optional.empty() : input.filter(in -> !in.isBlank());
    deletions = deletions == null ? Deletions.NONE : deletions;
    if (index == null) {
      throw new IllegalArgumentException("an index update needs the index settings");
    }
  }
}
