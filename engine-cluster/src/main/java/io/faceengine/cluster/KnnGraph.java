package io.faceengine.cluster;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;

import io.faceengine.index.batch.BatchLookup;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The kNN graph of the faces: each face's k nearest faces by the sharded HNSW index (never all
 * pairs), linked when their similarity reaches the threshold; self-matches and neighbours outside
 * the input (an index may hold more faces) are dropped. Edges are undirected: both directions are
 * kept, with the larger similarity when the two searches disagree in the last bit.
 */
final class KnnGraph {
  /** Edge weights are similarities in millionths, as longs: sums of longs do not depend on their order. */
  static final double WEIGHT_SCALE = 1_000_000.0;

  private KnnGraph() {}

  /**
   * @param faces the nodes, with the columns {@link BatchLookup#neighbours} reads
   * @param lookups counts probe x shard searches as they finish
   * @return {@code src}, {@code dst}, {@code similarity}, {@code weight}, persisted
   */
  static Dataset<Row> edges(BatchLookup lookup, Dataset<Row> faces, long count, ClusterThreshold threshold,
      LongAccumulator lookups) {
    Dataset<Row> nodes = faces.select(col("face_id").as("node"));
    Dataset<Row> kept = lookup.neighbours(faces, count, threshold.similarity(), lookups)
        .filter(col("face_id").notEqual(col("neighbour_id")))
        .join(nodes, col("neighbour_id").equalTo(col("node")), "left_semi");
    // Both directions from one pass: a union of two selects would run the searches twice.
    Dataset<Row> both = kept.select(explode(array(
            struct(col("face_id").as("src"), col("neighbour_id").as("dst"), col("similarity")),
            struct(col("neighbour_id").as("src"), col("face_id").as("dst"), col("similarity")))).as("edge"))
        .select("edge.*");
    return both.groupBy("src", "dst").agg(max("similarity").as("similarity"))
        .withColumn("weight", round(col("similarity").cast("double").multiply(WEIGHT_SCALE)).cast("long"))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }
}
