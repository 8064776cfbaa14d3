package io.faceengine.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Numbers clusters deterministically: by size, largest first, then by their smallest face id; from
 * {@code first} upwards. A distributed sort and {@code zipWithIndex}: nothing collected on the driver.
 */
final class ClusterIds {
  private static final StructType NUMBERED = DataTypes.createStructType(List.of(
      DataTypes.createStructField("label", DataTypes.StringType, false),
      DataTypes.createStructField("cluster_id", DataTypes.LongType, false)));

  private ClusterIds() {}

  /**
   * @param labels {@code face_id}, {@code label}
   * @return {@code face_id}, {@code cluster_id}
   */
  static Dataset<Row> number(Dataset<Row> labels, long first) {
    Dataset<Row> clusters = labels.groupBy("label").agg(count(lit(1)).as("size"), min("face_id").as("first_face"))
        .orderBy(col("size").desc(), col("first_face").asc());
    JavaRDD<Row> numbered = clusters.select("label").javaRDD().zipWithIndex()
        .map(pair -> RowFactory.create(pair._1().getString(0), first + pair._2()));
    Dataset<Row> ids = labels.sparkSession().createDataFrame(numbered, NUMBERED);
    return labels.join(ids, "label").select("face_id", "cluster_id");
  }
}
