package io.faceengine.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * One row per cluster (docs/clustering.md, {@code cluster_summary/}): its size, centroid (the
 * normalised mean of its members' embeddings), representative (the member nearest the centroid),
 * cohesion (the median similarity of its members to the centroid) and the labels its members carry.
 * Distributed: centroids are summed per cluster with {@code reduceByKey}. The sums are fixed-point
 * longs, exact in any order, so the centroid does not depend on how Spark partitions the members.
 */
final class ClusterSummaries {
  /** Embedding components (in [-1, 1]) times 2^32: sums of 2^31 faces still fit in a long. */
  private static final double FIXED_POINT = 4294967296.0;

  private static final StructType CENTROIDS = DataTypes.createStructType(List.of(
      DataTypes.createStructField("cluster_id", DataTypes.LongType, false),
      DataTypes.createStructField("centroid", DataTypes.createArrayType(DataTypes.FloatType, false), false)));
  private static final StructType SIMILARITIES = DataTypes.createStructType(List.of(
      DataTypes.createStructField("cluster_id", DataTypes.LongType, false),
      DataTypes.createStructField("face_id", DataTypes.StringType, false),
      DataTypes.createStructField("similarity", DataTypes.FloatType, false)));

  private ClusterSummaries() {}

  /**
   * @param clusters {@code face_id}, {@code cluster_id}
   * @param faces {@code face_id}, {@code embedding}, {@code label} of at least those faces
   */
  static Dataset<Row> of(Dataset<Row> clusters, Dataset<Row> faces) {
    Dataset<Row> members = clusters.join(faces.select("face_id", "embedding", "label"), "face_id");
    Dataset<Row> centroids = centroids(members);
    JavaRDD<Row> similarities = members.join(centroids, "cluster_id")
        .select("cluster_id", "face_id", "embedding", "centroid").javaRDD()
        .map(r -> RowFactory.create(r.getLong(0), r.getString(1), dot(r.getList(2), r.getList(3))));
    Dataset<Row> stats = members.sparkSession().createDataFrame(similarities, SIMILARITIES).groupBy("cluster_id").agg(
        count(lit(1)).as("size"),
        // The most similar member; equal similarities go to the smaller face id.
        min(struct(negate(col("similarity")), col("face_id"))).getField("face_id").as("representative_face_id"),
        expr("percentile(similarity, 0.5)").as("cohesion"));
    Dataset<Row> labels = members.filter(col("label").isNotNull()).groupBy("cluster_id", "label").count()
        .groupBy("cluster_id").agg(transform(
            // Most frequent first, then by label.
            sort_array(collect_list(struct(negate(col("count")).as("order"), col("label"), col("count")))),
            s -> struct(s.getField("label").as("label"), s.getField("count").as("count"))).as("labels"));
    return stats.join(centroids, "cluster_id").join(labels, "cluster_id", "left")
        .select("cluster_id", "size", "representative_face_id", "cohesion", "labels", "centroid");
  }

  private static Dataset<Row> centroids(Dataset<Row> members) {
    JavaRDD<Row> rows = members.select("cluster_id", "embedding").javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getLong(0), fixedPoint(r.getList(1))))
        .reduceByKey(ClusterSummaries::add)
        .map(c -> RowFactory.create(c._1(), normalised(c._2())));
    return members.sparkSession().createDataFrame(rows, CENTROIDS);
  }

  private static long[] fixedPoint(List<Float> embedding) {
    long[] v = new long[embedding.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.round(embedding.get(i) * FIXED_POINT);
    }
    return v;
  }

  private static long[] add(long[] a, long[] b) {
    long[] sum = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }

  /** The unit vector along the sum. */
  static float[] normalised(long[] sum) {
    double norm = 0;
    for (long x : sum) {
      double d = x / FIXED_POINT;
      norm += d * d;
    }
    norm = Math.sqrt(norm);
    float[] unit = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      unit[i] = norm > 0 ? (float) (sum[i] / FIXED_POINT / norm) : 0f;
    }
    return unit;
  }

  static float dot(List<Float> a, List<Float> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("embedding dimensions differ: " + a.size() + " vs " + b.size());
    }
    double dot = 0;
    for (int i = 0; i < a.size(); i++) {
      dot += a.get(i) * (double) b.get(i);
    }
    return (float) dot;
  }
}
