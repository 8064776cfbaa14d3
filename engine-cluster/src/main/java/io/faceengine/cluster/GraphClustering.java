package io.faceengine.cluster;

import java.io.PrintStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Cuts a graph into clusters with Spark Dataset operations; the graph never reaches the driver. */
interface GraphClustering {
  /**
   * @param nodes one row per face: {@code face_id}
   * @param edges both directions of every kept edge: {@code src}, {@code dst}, {@code weight} (long)
   * @return one row per node: {@code face_id}, {@code label} (a face id naming the node's cluster)
   */
  Dataset<Row> labels(Dataset<Row> nodes, Dataset<Row> edges, PrintStream console);
}
