package io.faceengine.index;

import io.faceengine.core.config.IndexConfig;
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
 */
public record IndexUpdatePlan(Optional<String> input, String root, Deletions deletions, IndexConfig index,
    boolean publish) {
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
