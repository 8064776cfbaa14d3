package io.faceengine.query;

import io.faceengine.core.detect.BoundingBox;

/**
 * A gallery face proposed for a probe.
 *
 * @param label null when the face has none
 * @param imageId null when it was indexed without one
 * @param box the face's box in its own image
 * @param distance the model's distance between the probe and the face (Euclidean for the default
 *     model), computed exactly from the full-precision embeddings; lower is more alike
 * @param similarity the cosine similarity of the two unit embeddings, {@code 1 - d^2 / 2} for a
 *     Euclidean distance d, in [-1, 1]; higher is more alike
 * @param faceDistance in an answer of persons (a generation with templates): the distance of this
 *     person's nearest face, the one named; {@code distance} is then the person's, by
 *     {@code engine.index.person-distance}. Null in an answer of faces
 * @param templateDistance in an answer of persons: the distance of the person's template; null
 *     otherwise, or for a person without one (no label)
 */
public record Candidate(String faceId, String label, String imageUri, String imageId, BoundingBox box, float distance,
    float similarity, Float faceDistance, Float templateDistance) {

  /** A face of an answer of faces. */
  public Candidate(String faceId, String label, String imageUri, String imageId, BoundingBox box, float distance,
      float similarity) {
    this(faceId, label, imageUri, imageId, box, distance, similarity, null, null);
  }
}
