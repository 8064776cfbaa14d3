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
 * @param identity who the face is: its label, else the name of the named cluster it belongs to
 *     (when the service serves a clustering); null when neither
 * @param identitySource where {@code identity} comes from: {@value #FROM_LABEL} or {@value #FROM_CLUSTER}; null with it
 */
public record Candidate(String faceId, String label, String imageUri, String imageId, BoundingBox box, float distance,
    float similarity, Float faceDistance, Float templateDistance, String identity, String identitySource) {
  public static final String FROM_LABEL = "label";
  public static final String FROM_CLUSTER = "cluster";

  /** A face of an answer of faces, as the shards know it: its identity is its label, when it has one. */
  public Candidate(String faceId, String label, String imageUri, String imageId, BoundingBox box, float distance,
      float similarity) {
    this(faceId, label, imageUri, imageId, box, distance, similarity, null, null, label,
        label != null ? FROM_LABEL : null);
  }

  /** This face standing for its person in an answer of persons, at the person's distance. */
  public Candidate asPerson(float personDistance, float personSimilarity, Float nearestFaceDistance,
      Float personTemplateDistance) {
    return new Candidate(faceId, label, imageUri, imageId, box, personDistance, personSimilarity, nearestFaceDistance,
        personTemplateDistance, identity, identitySource);
  }

  /** This candidate, unlabelled, known by its cluster's name. */
  public Candidate withClusterName(String name) {
    return new Candidate(faceId, label, imageUri, imageId, box, distance, similarity, faceDistance, templateDistance,
        name, FROM_CLUSTER);
  }
}
