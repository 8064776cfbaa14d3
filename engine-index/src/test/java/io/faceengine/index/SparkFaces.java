package io.faceengine.index;

import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.faceengine.spark.FacesSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Writes a faces dataset with the columns an index build reads, partitioned by run like the ingest job's. */
public final class SparkFaces {
  public static final StructType SCHEMA = createStructType(List.of(
      createStructField("face_id", StringType, false),
      createStructField("image_id", StringType, true),
      createStructField("image_uri", StringType, false),
      createStructField("label", StringType, true),
      createStructField("box", FacesSchema.BOX, false),
      createStructField("embedding", createArrayType(FloatType, false), false),
      createStructField("model_id", StringType, false),
      createStructField(FacesSchema.RUN_ID, StringType, false)));

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
