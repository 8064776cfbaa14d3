package io.faceengine.index.lucene;

import io.faceengine.core.detect.BoundingBox;

/**
 * A face found in a shard.
 *
 * @param similarity the exact cosine similarity of the probe and the face's embedding (their dot
 *     product, both being unit vectors), in [-1, 1]
 * @param label null when the face has none
 * @param imageId null when the face was indexed without one
 */
public record ShardHit(String faceId, String imageId, String imageUri, String label, String runId, BoundingBox box,
    float similarity) {}
