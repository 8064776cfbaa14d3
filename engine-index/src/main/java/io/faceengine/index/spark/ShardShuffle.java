package io.faceengine.index.spark;

import io.faceengine.index.FaceDoc;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.ShardAssigner;
import io.faceengine.index.lucene.ShardSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * The Spark plumbing of a build: shuffles the faces so that partition i holds exactly shard i's
 * faces, sorted by face id (a deterministic document order), and runs a {@link ShardBuilder} per
 * partition. Spark's speculative execution must stay off (its default): two attempts of one shard
 * would race to publish it; the build refuses to start with it on.
 */
public final class ShardBuild {
  private final SparkSession spark;
  private final ShardSettings settings;
  private final String root;
  private final long generation;
  private final String buildDir;

  /** @param buildDir the executors' local build directory, or null for their java.io.tmpdir */
  public ShardBuild(SparkSession spark, ShardSettings settings, String root, long generation, String buildDir) {
    this.spark = spark;
    this.settings = settings;
    this.root = root;
    this.generation = generation;
    this.buildDir = buildDir;
  }

  /**
   * Builds and publishes {@code shards} shards from rows of {@link FaceRows#COLUMNS}.
   *
   * @return the published shards' manifest entries, in shard order
   */
  public List<ShardEntry> run(Dataset<Row> faces, int shards) {
    refuseSpeculation(spark);
    JavaPairRDD<String, FaceDoc> byId = faces.javaRDD()
        .map(FaceRows::toFaceDoc)
        .mapToPair(face -> new Tuple2<>(face.faceId(), face));
    List<ShardEntry> entries = new ArrayList<>(byId
        .repartitionAndSortWithinPartitions(new ShardPartitioner(new ShardAssigner(shards)))
        .mapPartitionsWithIndex(new ShardBuilder(settings, SerializableConfiguration.broadcast(spark.sparkContext()),
            root, generation, buildDir), true)
        .collect());
    entries.sort(Comparator.comparingInt(ShardEntry::shard));
    return entries;
  }

  static void refuseSpeculation(SparkSession spark) {
    if (Boolean.parseBoolean(spark.sparkContext().getConf().get("spark.speculation", "false"))) {
      throw new IllegalStateException("spark.speculation is on: two attempts of a shard task would race to publish"
          + " the same shard; run the index jobs with spark.speculation=false");
    }
  }
}
