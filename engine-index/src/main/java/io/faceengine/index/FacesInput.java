package io.faceengine.index;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.faceengine.core.quality.QualityLimits;
import io.faceengine.index.spark.DeletionColumns;
import io.faceengine.index.spark.FaceRows;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The faces dataset an index job reads, checked to have the columns it needs.
 *
 * @param path the dataset, fully qualified (manifests record it)
 */
record FacesInput(String path, Dataset<Row> faces) {
  /**
   * Opens the faces dataset: an ingest output directory holds it in {@code faces/}; otherwise
   * {@code input} is the dataset itself.
   */
  static FacesInput open(SparkSession spark, String input) throws IOException {
    List<String> columns = new ArrayList<>(FaceRows.COLUMNS);
    columns.add(FacesSchema.MODEL_ID);
    FacesDataset dataset = FacesDataset.open(spark, input, columns);
    return new FacesInput(dataset.path(), dataset.faces());
  }

  /**
   * Whether each face is left out as of low quality: never without a gate ({@code gate} null), else
   * unless it passed ({@link FacesDataset#qualityOk}, stored or assessed against {@code gate}).
   */
  Column lowQuality(QualityLimits gate) {
    return gate == null ? lit(false) : not(FacesDataset.qualityOk(faces, gate));
  }

  /**
   * Faces per run and model, with how many of them {@code deletions} remove and how many of the
   * others are left out as of low quality; in one pass over a few small columns.
   */
  List<RunFaces> runs(Deletions deletions, Column lowQuality) {
    Column deleted = DeletionColumns.matches(deletions);
    List<Row> groups = faces.groupBy(col(FacesSchema.RUN_ID), col(FacesSchema.MODEL_ID), deleted.as("deleted"),
        not(deleted).and(lowQuality).as("low_quality")).agg(count(lit(1))).collectAsList();
    Map<String, Map<String, long[]>> counts = new TreeMap<>(); // run -> model -> {faces, deleted, low quality}
    for (Row group : groups) {
      long[] c = counts.computeIfAbsent(String.valueOf(group.getString(0)), run -> new TreeMap<>())
          .computeIfAbsent(String.valueOf(group.getString(1)), model -> new long[3]);
      c[0] += group.getLong(4);
      c[1] += group.getBoolean(2) ? group.getLong(4) : 0;
      c[2] += group.getBoolean(3) ? group.getLong(4) : 0;
    }
    List<RunFaces> runs = new ArrayList<>();
    counts.forEach((run, byModel) -> byModel.forEach((model, c) -> runs.add(new RunFaces(run, model, c[0], c[1], c[2]))));
    return runs;
  }

  /** Faces per model among these runs, e.g. {@code [dlib-resnet-v1 (40 faces), other (5 faces)]}. */
  static String modelsWithCounts(List<RunFaces> runs) {
    Map<String, Long> byModel = new TreeMap<>();
    runs.forEach(r -> byModel.merge(r.modelId(), r.faces(), Long::sum));
    return byModel.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " faces)").toList().toString();
  }

  static TreeSet<String> models(List<RunFaces> runs) {
    TreeSet<String> models = new TreeSet<>();
    runs.forEach(r -> models.add(r.modelId()));
    return models;
  }

  /**
   * @param faces faces of this run and model
   * @param deleted how many of them the deletions remove
   * @param lowQuality how many of the others the quality gate leaves out
   */
  record RunFaces(String runId, String modelId, long faces, long deleted, long lowQuality) {
    /** The faces indexed: neither deleted nor of low quality. */
    long kept() {
      return faces - deleted - lowQuality;
    }
  }
}
