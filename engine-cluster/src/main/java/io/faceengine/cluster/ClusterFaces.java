package io.faceengine.cluster;

import static org.apache.spark.sql.functions.col;

import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The faces a clustering reads, checked: readable, with the columns it needs, not empty, of one model.
 *
 * @param path the dataset, fully qualified
 * @param faces the selected faces
 * @param count how many
 * @param modelId their one model
 */
public record ClusterFaces(String path, Dataset<Row> faces, long count, String modelId) {
  /** The columns read; the index build's (face_id .. embedding) and model_id. */
  static final List<String> COLUMNS = List.of("face_id", "image_id", "image_uri", "label", FacesSchema.RUN_ID, "box",
      "embedding", "model_id");

  /**
   * @param input a faces dataset, or an ingest output (its {@code faces/} is read)
   * @param subjectsOnly keep only the faces whose {@code subject} column is true
   */
  public static ClusterFaces open(SparkSession spark, String input, boolean subjectsOnly) throws IOException {
    Path in = new Path(input);
    FileSystem fs = in.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(in)) {
      throw new IllegalArgumentException("the faces " + input + " do not exist");
    }
    Path dir = new Path(in, FacesSchema.FACES);
    String path = fs.makeQualified(fs.exists(dir) ? dir : in).toString();
    ParquetEncryption.requireReadable(spark, path, "faces dataset");
    try {
      Dataset<Row> faces = spark.read().parquet(path);
      List<String> needed = new ArrayList<>(COLUMNS);
      if (subjectsOnly) {
        needed.add("subject");
      }
      List<String> missing = new ArrayList<>(needed);
      missing.removeAll(List.of(faces.columns()));
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("the faces " + path + " are not a faces dataset: they lack the columns "
            + missing);
      }
      if (subjectsOnly) {
        faces = faces.filter(col("subject"));
      }
      faces = faces.select(COLUMNS.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
      List<Row> models = faces.groupBy("model_id").count().collectAsList();
      long count = models.stream().mapToLong(r -> r.getLong(1)).sum();
      if (count == 0) {
        throw new IllegalArgumentException("the faces " + path + " hold no faces" + (subjectsOnly ? " marked subject"
            : "") + ": nothing to cluster");
      }
      TreeSet<String> ids = new TreeSet<>();
      models.forEach(r -> ids.add(String.valueOf(r.getString(0))));
      if (ids.size() > 1) {
        throw new IllegalArgumentException("the faces " + path + " hold faces of several models " + ids
            + ": embeddings of different models cannot be compared; cluster each model's faces apart");
      }
      return new ClusterFaces(path, faces, count, ids.first());
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException and SparkException (undeclared by Scala)
      throw new IllegalArgumentException("cannot read the faces " + path + ": " + Failures.rootMessage(e), e);
    }
  }
}
