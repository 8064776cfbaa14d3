package io.faceengine.index.spark;

import io.faceengine.index.FaceDoc;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.ShardAssigner;
import io.faceengine.index.lucene.ShardSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * The Spark plumbing of an update: shuffles the new faces so that partition i holds shard i's new
 * faces sorted by face id, as a build does, and runs a {@link ShardUpdater} per shard, which
 * changes the shard or carries it over. Spark's speculative execution must stay off.
 */
public final class ShardUpdate {
  private final SparkSession spark;
  private final ShardSettings settings;
  private final String root;
  private final long previous;
  private final long generation;
  private final String buildDir;

  /** @param buildDir the executors' local build directory, or null for their java.io.tmpdir */
  public ShardUpdate(SparkSession spark, ShardSettings settings, String root, long previous, long generation,
      String buildDir) {
    this.spark = spark;
    this.settings = settings;
    this.root = root;
    this.previous = previous;
    this.generation = generation;
    this.buildDir = buildDir;
  }

  /**
   * @param newFaces rows of {@link FaceRows#COLUMNS} to add
   * @param previousShards the previous generation's shards, in shard order
   * @param deletions face ids to delete, by shard
   * @return one outcome per shard, in shard order
   */
  public List<ShardOutcome> run(Dataset<Row> newFaces, List<ShardEntry> previousShards,
      Map<Integer, Set<String>> deletions) {
    ShardBuild.refuseSpeculation(spark);
    JavaPairRDD<String, FaceDoc> byId = newFaces.javaRDD()
        .map(FaceRows::toFaceDoc)
        .mapToPair(face -> new Tuple2<>(face.faceId(), face));
    List<ShardOutcome> outcomes = new ArrayList<>(byId
        .repartitionAndSortWithinPartitions(new ShardPartitioner(new ShardAssigner(previousShards.size())))
        .mapPartitionsWithIndex(new ShardUpdater(settings, SerializableConfiguration.broadcast(spark.sparkContext()),
            root, previous, generation, previousShards, deletions, buildDir), true)
        .collect());
    outcomes.sort(Comparator.comparingInt(o -> o.entry().shard()));
    return outcomes;
  }
}
