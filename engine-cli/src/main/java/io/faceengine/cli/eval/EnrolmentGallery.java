package io.faceengine.cli.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import io.faceengine.core.eval.OpenSetSplit;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * The gallery of an identification run: from an ingest output, the subject's face of each enrolled
 * image (the face holding the image centre, the largest if several or none do, as the pipeline's
 * {@code centralFace}), written as a faces dataset that {@code index build} reads unchanged.
 */
final class EnrolmentGallery {
  private EnrolmentGallery() {}

  /**
   * Writes the enrolled faces under {@code output} (replacing what was there), with the synthetic
   * distractors of {@code distractors} when given, and returns how many of each.
   *
   * @param ingestOutput an ingest output directory (its {@code faces/} and {@code images/})
   * @param modelId the embedder whose faces are enrolled: an output may hold LFW ingested with several models
   * @param distractors a {@code bench gallery} output whose synthetic runs ({@code synthetic-*}) join
   *     the gallery as people no probe is; null for none
   */
  static Written write(SparkSession spark, String ingestOutput, String modelId, OpenSetSplit split, String output,
      String distractors) throws IOException {
    Set<String> enrolled = split.enrolled().stream().map(i -> realPath(i.image())).collect(Collectors.toSet());
    Dataset<Row> central = subjects(spark, ingestOutput, modelId, enrolled);
    Dataset<Row> gallery = central;
    if (distractors != null) {
      Dataset<Row> synthetic = FacesDataset.open(spark, distractors, List.of(FacesSchema.RUN_ID, FacesSchema.MODEL_ID))
          .faces()
          .filter(col(FacesSchema.RUN_ID).startsWith(FacesSchema.SYNTHETIC_RUN_PREFIX)
              .and(col(FacesSchema.MODEL_ID).equalTo(modelId)));
      List<String> shared = Arrays.stream(central.columns()).filter(List.of(synthetic.columns())::contains).toList();
      gallery = central.unionByName(synthetic.select(FacesDataset.columns(shared)), true);
    }
    ParquetEncryption.write(gallery).mode(SaveMode.Overwrite).partitionBy(FacesSchema.RUN_ID).parquet(output);
    Dataset<Row> written = spark.read().schema(central.schema()).parquet(output);
    long subjects = written.filter(not(col(FacesSchema.RUN_ID).startsWith(FacesSchema.SYNTHETIC_RUN_PREFIX)))
        .count();
    if (subjects == 0) {
      throw new IllegalArgumentException("none of the " + enrolled.size() + " enrolled images has a face of model "
          + modelId + " in " + ingestOutput + ": was LFW ingested from another folder, or with another model?");
    }
    long synthetic = written.count() - subjects;
    if (distractors != null && synthetic == 0) {
      throw new IllegalArgumentException(distractors + " holds no synthetic faces of model " + modelId
          + " (runs " + FacesSchema.SYNTHETIC_RUN_PREFIX + "*, written by bin/engine bench gallery)");
    }
    return new Written(subjects, synthetic);
  }

  /** What {@link #write} wrote: enrolled subject faces, and synthetic distractor faces. */
  record Written(long enrolled, long distractors) {}

  /** The subject's face row of each image (its real path in {@code realPaths}) with a face of {@code modelId}. */
  private static Dataset<Row> subjects(SparkSession spark, String ingestOutput, String modelId,
      Set<String> realPaths) throws IOException {
    Dataset<Row> faces = FacesDataset.open(spark, ingestOutput, List.of()).faces();
    Dataset<Row> sizes = spark.read().parquet(ingestOutput + "/" + FacesSchema.IMAGES)
        .select(col(FacesSchema.IMAGE_ID), col("width").as("image_width"), col("height").as("image_height"))
        .dropDuplicates(FacesSchema.IMAGE_ID);
    Dataset<Row> candidates = faces
        .filter(col(FacesSchema.MODEL_ID).equalTo(modelId))
        .filter(functions.udf((String uri) -> realPaths.contains(realPath(localPath(uri))),
            org.apache.spark.sql.types.DataTypes.BooleanType).apply(col(FacesSchema.IMAGE_URI)))
        .join(sizes, FacesSchema.IMAGE_ID);
    Column holdsCentre = col("box.x").leq(col("image_width").divide(2))
        .and(col("box.x").plus(col("box.width")).geq(col("image_width").divide(2)))
        .and(col("box.y").leq(col("image_height").divide(2)))
        .and(col("box.y").plus(col("box.height")).geq(col("image_height").divide(2)));
    Column area = col("box.width").multiply(col("box.height"));
    return candidates
        .withColumn("subject_rank", row_number().over(Window.partitionBy(FacesSchema.IMAGE_ID)
            .orderBy(holdsCentre.desc(), area.desc(), col(FacesSchema.FACE_ID))))
        .filter(col("subject_rank").equalTo(1))
        .select(Arrays.stream(faces.columns()).map(functions::col).toArray(Column[]::new));
  }

  /** The file a path names once links are followed (the same LFW reached through a symlink), else the path. */
  static String realPath(String path) {
    try {
      return Path.of(path).toRealPath().toString();
    } catch (IOException | InvalidPathException e) {
      return path;
    }
  }

  /** The local path an image URI names ({@code file:/a/b.jpg} and {@code /a/b.jpg} alike). */
  static String localPath(String uri) {
    return uri.startsWith("/") ? uri : URI.create(uri).getPath();
  }
}
