package io.faceengine.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the Spark job tests: one real local Spark session per test class ({@code local[2]} on
 * loopback, no UI, 4 shuffle partitions), started before the class's own set-up and stopped after
 * its last test.
 */
public abstract class SparkJobTestCase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark(TestInfo test) {
    spark = SparkSession.builder().master("local[2]")
        .appName(test.getTestClass().map(Class::getSimpleName).orElse("spark-test"))
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }
}
