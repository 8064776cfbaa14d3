package io.faceengine.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A faces dataset ({@link FacesSchema}) opened for reading: the one reader the index jobs,
 * search-batch and the clustering job share.
 *
 * @param path the dataset, fully qualified (manifests record it)
 * @param faces its rows
 */
public record FacesDataset(String path, Dataset<Row> faces) {
  /**
   * Opens the faces dataset: an ingest output directory holds it in {@code faces/}; otherwise
   * {@code input} is the dataset itself. Refuses one that lacks any of {@code columns}, naming them.
   */
  public static FacesDataset open(SparkSession spark, String input, List<String> columns) throws IOException {
    Path in = new Path(input);
    FileSystem fs = in.getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path dir = new Path(in, FacesSchema.FACES);
    String path = fs.makeQualified(fs.exists(dir) ? dir : in).toString();
    Dataset<Row> faces = spark.read().parquet(path);
    List<String> missing = new ArrayList<>(columns);
    missing.removeAll(List.of(faces.columns()));
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(path + " is not a faces dataset: it lacks the columns " + missing);
    }
    return new FacesDataset(path, faces);
  }

  /** Whether {@code input} is an ingest output directory, i.e. holds a {@code faces/} dataset. */
  public static boolean isIngestOutput(FileSystem fs, Path input) throws IOException {
    return fs.exists(new Path(input, FacesSchema.FACES));
  }

  /** The columns selected by name, in this order (readers then take them by position). */
  public static Column[] columns(List<String> names) {
    return names.stream().map(functions::col).toArray(Column[]::new);
  }

  /**
   * The embedding in field {@code field} of a row, as floats.
   *
   * @param face names the face in errors, e.g. "face f1" or "probe f1"
   */
  public static float[] embedding(Row row, int field, String face) {
    if (row.isNullAt(field)) {
      throw new IllegalArgumentException(face + " has no embedding");
    }
    List<Float> values = row.getList(field);
    float[] embedding = new float[values.size()];
    for (int i = 0; i < embedding.length; i++) {
      Float value = values.get(i);
      if (value == null) {
        throw new IllegalArgumentException(face + " has a null in its embedding at " + i);
      }
      embedding[i] = value;
    }
    return embedding;
  }
}
