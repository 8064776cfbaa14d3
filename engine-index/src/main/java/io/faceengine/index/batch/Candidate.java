package io.faceengine.index.batch;

import io.faceengine.index.lucene.ShardHit;
import java.io.Serializable;
import java.util.Comparator;

/**
 * An indexed face found for a probe.
 *
 * @param label null when the face has none
 * @param similarity the exact cosine similarity to the probe (dot product of unit vectors)
 */
record Candidate(String faceId, String label, String imageUri, float similarity) implements Serializable {
  /** Best first: higher similarity, then the smaller face id, so equal scores always rank the same way. */
  static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble((Candidate c) -> -c.similarity())
      .thenComparing(Candidate::faceId);

  static Candidate of(ShardHit hit) {
    return new Candidate(hit.faceId(), hit.label(), hit.imageUri(), hit.similarity());
  }
}
