package io.faceengine.query.router;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.compare.TopK;
import io.faceengine.query.Candidate;
import io.faceengine.query.rpc.Face;
import io.faceengine.query.shard.ShardMessages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the shards' candidates into the global top k: each candidate's distance to the probe is
 * recomputed exactly, with the model's metric, from the full-precision embedding the shard returned
 * (whatever the shard's own vector format), then the top k are taken by distance, ties by face id
 * ({@link TopK}: a face two shards return is kept once).
 */
public final class CandidateMerger {
  /** Nearest first, ties by face id. */
  private static final Comparator<Candidate> BY_DISTANCE =
      Comparator.comparingDouble(Candidate::distance).thenComparing(Candidate::faceId);

  private final DistanceMetric metric;

  public CandidateMerger(DistanceMetric metric) {
    this.metric = metric;
  }

  public List<Candidate> merge(float[] probe, Collection<? extends Collection<Face>> shardCandidates, int k) {
    List<Candidate> all = new ArrayList<>();
    for (Collection<Face> candidates : shardCandidates) {
      for (Face face : candidates) {
        all.add(candidate(probe, face));
      }
    }
    return TopK.of(k, all, Candidate::faceId, BY_DISTANCE);
  }

  /** One shard candidate with its exact distance to the probe. */
  Candidate candidate(float[] probe, Face face) {
    float distance = metric.distance(probe, ShardMessages.embedding(face));
    return new Candidate(face.getFaceId(), face.getLabel().isEmpty() ? null : face.getLabel(), face.getImageUri(),
        face.getImageId().isEmpty() ? null : face.getImageId(), ShardMessages.box(face.getBox()), distance,
        metric.similarity(distance));
  }
}
