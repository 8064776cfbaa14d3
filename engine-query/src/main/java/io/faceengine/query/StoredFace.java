package io.faceengine.query;

import io.faceengine.core.detect.BoundingBox;

/** A face of the index, as {@code GET /v1/faces/{face_id}} returns it, with its full-precision embedding. */
public record StoredFace(String faceId, String label, String imageUri, String imageId, BoundingBox box,
    float[] embedding, long generation, int shard) {}
