package io.faceengine.spark;

import io.faceengine.core.cli.ConfigOption;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every Spark job command shares: where Spark runs and which configuration it reads. Mixed in with picocli. */
public final class SparkJobOptions {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default: local[*], or what spark-submit set).")
  String master;

  @Mixin ConfigOption configOption;

  /** The engine configuration: --config FILE, else $ENGINE_CONFIG, over the defaults. */
  public EngineConfig config() {
    return configOption.config();
  }

  /** The --master given, or null. */
  public String master() {
    return master;
  }

  /** The --config given, or null. */
  public Path configFile() {
    return configOption.file();
  }

  /** The job's Spark session (see {@link EngineSpark}), set up to encrypt and decrypt embeddings as configured. */
  public SparkSession session(String appName) {
    SparkSession spark = EngineSpark.session(appName, master);
    ParquetEncryption.configure(spark, config().encryption());
    return spark;
  }
}
