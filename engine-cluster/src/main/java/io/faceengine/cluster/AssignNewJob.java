package io.faceengine.cluster;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;

final class AssignNewJob {
  AssignNewJob(SparkSession spark, ClusterPlan plan, PrintStream console) {}

  void run() {
    throw new UnsupportedOperationException("--assign-new is not built yet");
  }
}
