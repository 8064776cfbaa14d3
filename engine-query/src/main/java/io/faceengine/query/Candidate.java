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
 */
public record Candidate(String faceId, String label, String imageUri, String imageId, BoundingBox box, float distance,
    float similarity) {}
