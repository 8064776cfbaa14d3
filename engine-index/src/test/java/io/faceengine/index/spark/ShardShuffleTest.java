package io.faceengine.index.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.VectorFormat;
import io.faceengine.index.lucene.ShardSettings;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardShuffleTest {
  @TempDir Path dir;

  /** Speculative attempts would race to publish a shard: the build refuses to run with them. */
  @Test
  void refusesSpeculativeExecution() {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("speculation-test")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.speculation", "true")
        .getOrCreate();
    try {
      ShardShuffle shuffle = new ShardShuffle(spark, new ShardSettings(VectorFormat.INT8, 16, 100, 4),
          dir.resolve("index").toString(), 1, null);
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> shuffle.build(spark.emptyDataFrame(), 2, 0));
      assertTrue(e.getMessage().contains("spark.speculation"), e.getMessage());
    } finally {
      spark.stop();
    }
  }
}
