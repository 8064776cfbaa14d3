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
 * The Spark plumbing of a build or an update: shuffles the (new) faces so that partition i holds
 * exactly shard i's faces, sorted by face id (a deterministic document order), and runs a
 * {@link ShardTask} per partition. Spark's speculative execution must stay off (its default): two
 * attempts of one shard would race to publish it; the jobs refuse to start with it on.
 */
public final class ShardShuffle {
  private final SparkSession spark;
  private final ShardSettings settings;
  private final String root;
  private final long generation;
  private final String buildDir;

  /** @param buildDir the executors' local build directory, or null for their java.io.tmpdir */
  public ShardShuffle(SparkSession spark, ShardSettings settings, String root, long generation, String buildDir) {
    this.spark = spark;
    this.settings = settings;
    this.root = root;
    this.generation = generation;
    this.buildDir = buildDir;
  }

  /**
   * Builds and publishes {@code shards} shards from rows of {@link FaceRows#COLUMNS}.
   *
   * @param expected how many faces {@code faces} holds: the shards must hold them all
   * @return one outcome per shard, in shard order
   */
  public List<ShardOutcome> build(Dataset<Row> faces, int shards, long expected) {
    return checkComplete(run(faces, shards, null), shards, expected, "the input holds");
  }

  /**
   * Changes or carries over every shard of generation {@code previous}.
   *
   * @param newFaces rows of {@link FaceRows#COLUMNS} to add
   * @param previousShards the previous generation's shards, in shard order
   * @param deletions face ids to delete, by shard
   * @param expected how many faces {@code newFaces} holds: the shards must add them all
   * @return one outcome per shard, in shard order
   */
  public List<ShardOutcome> update(Dataset<Row> newFaces, long previous, List<ShardEntry> previousShards,
      Map<Integer, Set<String>> deletions, long expected) {
    return checkComplete(run(newFaces, previousShards.size(), new ShardTask.Base(previous, previousShards, deletions)),
        previousShards.size(), expected, "the new runs hold");
  }

  private List<ShardOutcome> run(Dataset<Row> faces, int shards, ShardTask.Base base) {
    refuseSpeculation(spark);
    JavaPairRDD<String, FaceDoc> byId = faces.javaRDD()
        .map(FaceRows::toFaceDoc)
        .mapToPair(face -> new Tuple2<>(face.faceId(), face));
    List<ShardOutcome> outcomes = new ArrayList<>(byId
        .repartitionAndSortWithinPartitions(new ShardPartitioner(new ShardAssigner(shards)))
        .mapPartitionsWithIndex(new ShardTask(settings, SerializableConfiguration.broadcast(spark.sparkContext()),
            root, generation, buildDir, base), true)
        .collect());
    outcomes.sort(Comparator.comparingInt(o -> o.entry().shard()));
    return outcomes;
  }

  /** Every shard exactly once, and every face of the input added. */
  private static List<ShardOutcome> checkComplete(List<ShardOutcome> outcomes, int shards, long expected,
      String input) {
    List<Integer> found = outcomes.stream().map(o -> o.entry().shard()).toList();
    for (int i = 0; i < shards; i++) {
      if (found.size() != shards || found.get(i) != i) {
        throw new IllegalStateException("shard results are not shards 0.." + (shards - 1) + ": found " + found);
      }
    }
    long added = outcomes.stream().mapToLong(ShardOutcome::added).sum();
    if (added != expected) {
      throw new IllegalStateException("the shards added " + added + " faces, " + input + " " + expected);
    }
    return outcomes;
  }

  private static void refuseSpeculation(SparkSession spark) {
    if (Boolean.parseBoolean(spark.sparkContext().getConf().get("spark.speculation", "false"))) {
      throw new IllegalStateException("spark.speculation is on: two attempts of a shard task would race to publish"
          + " the same shard; run the index jobs with spark.speculation=false");
    }
  }
}
