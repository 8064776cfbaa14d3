package io.faceengine.query.router;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.query.Candidate;
import io.faceengine.query.rpc.Face;
import io.faceengine.query.shard.ShardMessages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges the shards' candidates into the global top k: each candidate's distance to the probe is
 * recomputed exactly, with the model's metric, from the full-precision embedding the shard returned
 * (whatever the shard's own vector format), then all are sorted by distance, ties by face id.
 */
public final class CandidateMerger {
  private final DistanceMetric metric;

  public CandidateMerger(DistanceMetric metric) {
    this.metric = metric;
  }

  public List<Candidate> merge(float[] probe, Collection<? extends Collection<Face>> shardCandidates, int k) {
    List<Candidate> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Collection<Face> candidates : shardCandidates) {
      for (Face face : candidates) {
        if (seen.add(face.getFaceId())) {
          all.add(candidate(probe, face));
        }
      }
    }
    all.sort(Comparator.comparingDouble(Candidate::distance).thenComparing(Candidate::faceId));
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  private Candidate candidate(float[] probe, Face face) {
    float distance = metric.distance(probe, ShardMessages.embedding(face));
    return new Candidate(face.getFaceId(), face.getLabel().isEmpty() ? null : face.getLabel(), face.getImageUri(),
        face.getImageId().isEmpty() ? null : face.getImageId(), ShardMessages.box(face.getBox()), distance,
        metric.similarity(distance));
  }
}
