package io.faceengine.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session the engine's jobs run in: the given master, else what spark-submit set, else
 * embedded local mode ({@code local[*]}) with settings for a single machine.
 */
public final class EngineSpark {
  private EngineSpark() {}

  /** @param master a Spark master URL, or null for spark-submit's or local mode */
  public static SparkSession session(String appName, String master) {
    // spark-submit's --name wins over the default name.
    SparkConf conf = new SparkConf().setIfMissing("spark.app.name", appName);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
      // Keep Spark on loopback (it may otherwise pick an unreachable interface).
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.showConsoleProgress", "false");
      // Spark's default of 200 shuffle partitions is made for clusters: on one machine it schedules
      // hundreds of tiny tasks per shuffle (13 s of 30 for 1,500 images on 2 cores).
      conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(2 * Runtime.getRuntime().availableProcessors()));
      // Likewise the parallel listing of many folders: up to 10,000 one-folder tasks by default.
      conf.setIfMissing("spark.sql.sources.parallelPartitionDiscovery.parallelism",
          String.valueOf(2 * Runtime.getRuntime().availableProcessors()));
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
