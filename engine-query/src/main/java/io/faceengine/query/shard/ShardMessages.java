package io.faceengine.query.shard;

import io.faceengine.core.compare.OpenSetCalibration;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardMatch;
import io.faceengine.index.lucene.TemplateMatch;
import io.faceengine.query.rpc.Box;
import io.faceengine.query.rpc.Calibration;
import io.faceengine.query.rpc.Face;
import io.faceengine.query.rpc.Template;

/** Conversions between the shard index's records and the shard service's messages. */
public final class ShardMessages {
  private ShardMessages() {}

  static Face face(ShardMatch match) {
    ShardHit hit = match.hit();
    Face.Builder face = Face.newBuilder()
        .setFaceId(hit.faceId())
        .setImageUri(hit.imageUri())
        .setBox(box(hit.box()))
        .setSimilarity(hit.similarity());
    if (hit.label() != null) {
      face.setLabel(hit.label());
    }
    if (hit.imageId() != null) {
      face.setImageId(hit.imageId());
    }
    for (float v : match.embedding()) {
      face.addEmbedding(v);
    }
    return face.build();
  }

  static Template template(TemplateMatch match) {
    Template.Builder template = Template.newBuilder()
        .setLabel(match.label())
        .setFaces(match.faces())
        .setSimilarity(match.similarity());
    for (float v : match.embedding()) {
      template.addEmbedding(v);
    }
    return template.build();
  }

  public static float[] embedding(Template template) {
    float[] v = new float[template.getEmbeddingCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = template.getEmbedding(i);
    }
    return v;
  }

  static Box box(BoundingBox box) {
    return Box.newBuilder().setX(box.x()).setY(box.y()).setWidth(box.width()).setHeight(box.height()).build();
  }

  public static BoundingBox box(Box box) {
    return new BoundingBox(box.getX(), box.getY(), box.getWidth(), box.getHeight());
  }

  public static float[] embedding(Face face) {
    float[] v = new float[face.getEmbeddingCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = face.getEmbedding(i);
    }
    return v;
  }

  static Calibration calibration(OpenSetCalibration calibration) {
    return Calibration.newBuilder().setProbes(calibration.probes())
        .addAllLowestDistances(calibration.lowestDistances())
        .setGumbelLocation(calibration.gumbelLocation())
        .setGumbelScale(calibration.gumbelScale())
        .build();
  }

  public static OpenSetCalibration calibration(Calibration message) {
    return new OpenSetCalibration(message.getProbes(), message.getLowestDistancesList(), message.getGumbelLocation(),
        message.getGumbelScale());
  }
}
