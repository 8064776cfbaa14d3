package io.faceengine.index.spark;

import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.ShardAssigner;
import io.faceengine.index.ShardDoc;
import io.faceengine.index.TemplateDoc;
import io.faceengine.index.lucene.ShardSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * The Spark plumbing of a build or an update: shuffles the (new) faces and person templates so that
 * partition i holds exactly shard i's, sorted by id (a deterministic document order), and runs a
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
    return build(faces, Templates.NONE, shards, expected);
  }

  /**
   * Builds and publishes {@code shards} shards from rows of {@link FaceRows#COLUMNS} and person
   * templates.
   *
   * @param expected how many faces {@code faces} holds: the shards must hold them all
   * @return one outcome per shard, in shard order
   */
  public List<ShardOutcome> build(Dataset<Row> faces, Templates templates, int shards, long expected) {
    return checkComplete(run(faces, templates, shards, null), shards, expected, templates, "the input holds");
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
    return update(newFaces, Templates.NONE, previous, previousShards, deletions, expected);
  }

  /**
   * As {@link #update(Dataset, long, List, Map, long)}, also writing person templates (each replacing
   * its label's; the old templates to drop are among {@code deletions}).
   */
  public List<ShardOutcome> update(Dataset<Row> newFaces, Templates templates, long previous,
      List<ShardEntry> previousShards, Map<Integer, Set<String>> deletions, long expected) {
    return checkComplete(run(newFaces, templates, previousShards.size(),
        new ShardTask.Base(previous, previousShards, deletions)), previousShards.size(), expected, templates,
        "the new runs hold");
  }

  /**
   * Person templates to write, and how many there are (the shards must write them all).
   *
   * @param docs null for none
   */
  public record Templates(JavaRDD<TemplateDoc> docs, long count) {
    public static final Templates NONE = new Templates(null, 0);
  }

  private List<ShardOutcome> run(Dataset<Row> faces, Templates templates, int shards, ShardTask.Base base) {
    refuseSpeculation(spark);
    JavaRDD<ShardDoc> docs = faces.javaRDD().map(FaceRows::toFaceDoc);
    if (templates.docs() != null) {
      docs = docs.union(templates.docs().map(template -> (ShardDoc) template));
    }
    JavaPairRDD<String, ShardDoc> byId = docs.mapToPair(doc -> new Tuple2<>(doc.id(), doc));
    List<ShardOutcome> outcomes = new ArrayList<>(byId
        .repartitionAndSortWithinPartitions(new ShardPartitioner(new ShardAssigner(shards)))
        .mapPartitionsWithIndex(new ShardTask(settings, SerializableConfiguration.broadcast(spark.sparkContext()),
            root, generation, buildDir, base), true)
        .collect());
    outcomes.sort(Comparator.comparingInt(o -> o.entry().shard()));
    return outcomes;
  }

  /** Every shard exactly once, and every face and template of the input added. */
  private static List<ShardOutcome> checkComplete(List<ShardOutcome> outcomes, int shards, long expected,
      Templates templates, String input) {
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
    long written = outcomes.stream().mapToLong(ShardOutcome::templates).sum();
    if (written != templates.count()) {
      throw new IllegalStateException("the shards wrote " + written + " person templates, of " + templates.count());
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
