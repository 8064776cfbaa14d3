package io.faceengine.index;

import io.faceengine.spark.FacesSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Writes a faces dataset with the columns an index build reads, partitioned by run like the ingest job's. */
public final class SparkFaces {
  public static final StructType SCHEMA = FacesSchema.faceRow(FacesSchema.FACE_ID, FacesSchema.IMAGE_ID,
      FacesSchema.IMAGE_URI, FacesSchema.LABEL, FacesSchema.BOX, FacesSchema.EMBEDDING, FacesSchema.MODEL_ID,
      FacesSchema.RUN_ID);

  private SparkFaces() {}

  public static void write(SparkSession spark, List<FaceDoc> faces, String modelId, String dir) {
    List<Row> rows = new ArrayList<>();
    for (FaceDoc face : faces) {
      List<Float> embedding = new ArrayList<>();
      for (float v : face.embedding()) {
        embedding.add(v);
      }
      rows.add(RowFactory.create(face.faceId(), face.imageId(), face.imageUri(), face.label(),
          RowFactory.create(face.box().x(), face.box().y(), face.box().width(), face.box().height()),
          embedding, modelId, face.runId()));
    }
    spark.createDataFrame(rows, SCHEMA).write().mode("append").partitionBy(FacesSchema.RUN_ID).parquet(dir);
  }
}
