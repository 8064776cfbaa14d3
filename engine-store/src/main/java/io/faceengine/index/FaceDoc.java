package io.faceengine.index;

import io.faceengine.core.detect.BoundingBox;

/**
 * One face as a shard indexes it: a row of the {@code faces} dataset reduced to what search needs.
 *
 * @param faceId the face's stable id (the shard key)
 * @param imageId SHA-256 of the image's bytes
 * @param imageUri where the image was read
 * @param label the image's label, or null without one
 * @param runId the ingest run that produced the face
 * @param box the face's box in image pixels
 * @param embedding the L2-normalised embedding
 */
public record FaceDoc(String faceId, String imageId, String imageUri, String label, String runId, BoundingBox box,
    float[] embedding) implements ShardDoc {
  public FaceDoc {
    if (faceId == null || faceId.isEmpty()) {
      throw new IllegalArgumentException("a face needs a face_id");
    }
    if (TemplateDoc.isTemplateId(faceId)) {
      throw new IllegalArgumentException("face_id " + faceId + " starts with " + TemplateDoc.ID_PREFIX
          + ", which names person templates");
    }
    if (imageUri == null || runId == null || box == null || embedding == null) {
      throw new IllegalArgumentException("face " + faceId + ": image_uri, run_id, box and embedding are required");
    }
  }

  @Override
  public String id() {
    return faceId;
  }

  @Override
  public int shard(ShardAssigner assigner) {
    return assigner.shardOf(faceId);
  }
}
