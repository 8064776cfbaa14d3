package io.faceengine.spark;

import io.faceengine.core.quality.QualityLimits;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

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
    // Runs ingested before schema 3 lack the quality flags: merge the schemas of every file, so that a
    // dataset mixing old and new runs is read with the flags (null on the old rows) whichever file comes first.
    ParquetEncryption.requireReadable(spark, path, "faces dataset");
    Dataset<Row> faces = spark.read().option("mergeSchema", "true").parquet(path);
    List<String> missing = new ArrayList<>(columns);
    missing.removeAll(List.of(faces.columns()));
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(path + " is not a faces dataset: it lacks the columns " + missing);
    }
    return new FacesDataset(path, faces);
  }

  /**
   * Whether each face of {@code faces} passed the quality gate: the {@link FacesSchema#QUALITY_OK}
   * ingest stored (schema 3), else, for rows ingested before it, {@code limits} applied to the stored
   * measurements ({@link FacesSchema#QUALITY} and {@link FacesSchema#DET_SCORE}). A face without
   * measurements (a dataset without the {@code quality} column, or a null one) passes: nothing says
   * it is poor.
   */
  public static Column qualityOk(Dataset<Row> faces, QualityLimits limits) {
    return functions.size(qualityReasons(faces, limits)).equalTo(0);
  }

  /** The limits each face broke, as {@link #qualityOk} decides: the stored reasons, else assessed now. */
  public static Column qualityReasons(Dataset<Row> faces, QualityLimits limits) {
    List<String> columns = List.of(faces.columns());
    Column assessed = columns.contains(FacesSchema.QUALITY)
        ? functions.udf(new Assessment(limits), DataTypes.createArrayType(DataTypes.StringType, false))
            .apply(functions.col(FacesSchema.QUALITY),
                columns.contains(FacesSchema.DET_SCORE) ? functions.col(FacesSchema.DET_SCORE) : functions.lit(null))
        : functions.array().cast(DataTypes.createArrayType(DataTypes.StringType, false));
    return columns.contains(FacesSchema.QUALITY_REASONS)
        ? functions.coalesce(functions.col(FacesSchema.QUALITY_REASONS), assessed)
        : assessed;
  }

  /** {@link QualityLimits#assess} of a stored quality struct and detector score. */
  private record Assessment(QualityLimits limits) implements UDF2<Row, Float, String[]> {
    @Override
    public String[] call(Row quality, Float detScore) {
      if (quality == null) {
        return new String[0];
      }
      return QualityLimits.codes(limits.assess(value(quality, "face_size"), value(quality, "sharpness"),
          value(quality, "yaw"), value(quality, "roll"), detScore == null ? 1f : detScore)).toArray(String[]::new);
    }

    /** A field of {@link FacesSchema#QUALITY_TYPE}; NaN when null (never measured, so it fails its limit). */
    private static float value(Row row, String field) {
      int i = row.fieldIndex(field);
      return row.isNullAt(i) ? Float.NaN : row.getFloat(i);
    }
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
