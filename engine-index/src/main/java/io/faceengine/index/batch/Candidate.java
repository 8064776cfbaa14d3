package io.faceengine.index.batch;

import io.faceengine.index.lucene.ShardHit;
import java.io.Serializable;
import java.util.Comparator;

/**
 * An indexed face found for a probe, or in a generation with person templates a person, named by its
 * nearest face.
 *
 * @param label null when the face has none
 * @param similarity the exact cosine similarity to the probe (dot product of unit vectors); for a
 *     person, that of the person's distance
 * @param faceDistance for a person: its nearest face's distance; null for a face
 * @param templateDistance for a person: its template's distance, null without one; null for a face
 */
record Candidate(String faceId, String label, String imageUri, float similarity, Float faceDistance,
    Float templateDistance) implements Serializable {
  /** Best first: higher similarity, then the smaller face id, so equal scores always rank the same way. */
  static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble((Candidate c) -> -c.similarity())
      .thenComparing(Candidate::faceId);

  /** A face. */
  Candidate(String faceId, String label, String imageUri, float similarity) {
    this(faceId, label, imageUri, similarity, null, null);
  }

  static Candidate of(ShardHit hit) {
    return new Candidate(hit.faceId(), hit.label(), hit.imageUri(), hit.similarity());
  }
}
