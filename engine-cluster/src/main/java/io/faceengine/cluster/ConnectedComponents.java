package io.faceengine.cluster;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import java.io.PrintStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components by min-label propagation: every face starts labelled by its face id and, in
 * each round, takes the smallest label among itself and its neighbours, until no label changes. The
 * baseline: one chance link is enough to merge two people.
 */
final class ConnectedComponents implements GraphClustering {
  private final int maxIterations;

  ConnectedComponents(int maxIterations) {
    this.maxIterations = maxIterations;
  }

  @Override
  public Dataset<Row> labels(Dataset<Row> nodes, Dataset<Row> edges, PrintStream console) {
    Dataset<Row> labels = nodes.select(col("face_id"), col("face_id").as("label")).localCheckpoint();
    for (int round = 1; round <= maxIterations; round++) {
      Dataset<Row> smallest = edges.join(labels.select(col("face_id").as("dst"), col("label").as("vote")), "dst")
          .groupBy("src").agg(min("vote").as("smallest")).withColumnRenamed("src", "face_id");
      Dataset<Row> next = labels.join(smallest, "face_id", "left")
          .select(col("face_id"), least(col("label"), coalesce(col("smallest"), col("label"))).as("label"),
              col("label").as("previous"))
          .localCheckpoint();
      long changed = next.filter(col("label").notEqual(col("previous"))).count();
      labels = next.drop("previous");
      console.printf("connected components: round %d, %d faces changed component%n", round, changed);
      if (changed == 0) {
        return labels;
      }
    }
    throw new IllegalStateException("connected components did not converge in " + maxIterations
        + " rounds (--max-iterations)");
  }
}
