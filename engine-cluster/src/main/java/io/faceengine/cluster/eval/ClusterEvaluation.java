package io.faceengine.cluster.eval;

import static org.apache.spark.sql.functions.col;

import io.faceengine.cluster.eval.ClusteringMetrics.ClusteringScores;
import java.util.Iterator;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a clustering output against the labels of its faces. The contingency table is computed by
 * Spark (one row per cluster and label) and streamed to the driver, which keeps only the marginals.
 *
 * @param scores the metrics over the labelled faces
 * @param foundSizes clusters per size, as found
 * @param trueSizes identities per number of faces
 */
public record ClusterEvaluation(ClusteringScores scores, SortedMap<Long, Long> foundSizes,
    SortedMap<Long, Long> trueSizes) {
  /**
   * @param clusters a clustering output's {@code clusters/} rows: {@code face_id}, {@code cluster_id}
   * @param faces the faces with their {@code label}; unlabelled faces are left out of the scores
   */
  public static ClusterEvaluation of(SparkSession spark, Dataset<Row> clusters, Dataset<Row> faces) {
    Dataset<Row> labelled = clusters.select("face_id", "cluster_id")
        .join(faces.filter(col("label").isNotNull()).select("face_id", "label"), "face_id");
    ClusteringMetrics metrics = new ClusteringMetrics();
    Iterator<Row> cells = labelled.groupBy("cluster_id", "label").count().toLocalIterator();
    while (cells.hasNext()) {
      Row cell = cells.next();
      metrics.addCell(String.valueOf(cell.getLong(0)), cell.getString(1), cell.getLong(2));
    }
    return new ClusterEvaluation(metrics.scores(), histogram(labelled.groupBy("cluster_id").count()),
        histogram(labelled.groupBy("label").count()));
  }

  private static SortedMap<Long, Long> histogram(Dataset<Row> counts) {
    SortedMap<Long, Long> sizes = new TreeMap<>();
    counts.groupBy("count").count().collectAsList().forEach(r -> sizes.put(r.getLong(0), r.getLong(1)));
    return sizes;
  }
}
