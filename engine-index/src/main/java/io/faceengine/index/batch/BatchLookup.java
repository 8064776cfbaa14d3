package io.faceengine.index.batch;

import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.person.PersonDistance;
import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.store.DeletionLedger;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Every probe's top k over every shard of one generation, as Spark operations: the probes are
 * split into partitions, each task searches one partition in one shard (opened once per executor,
 * see {@link LocalShards}), so the work spreads over partitions x shards tasks however few shards
 * there are; each probe's per-shard lists then meet in one shuffle and are merged into its global
 * top k ({@link TopCandidates}). Nothing is collected on the driver. Used by search-batch. The
 * clustering job's kNN graph ({@link #neighbours}) needs only ids and similarities, for every face of
 * the index: there each task searches its partition in every shard and merges on the spot.
 */
public final class BatchLookup {
  /** Faces asked of each shard per person wanted, in a search for persons (as the query router does). */
  static final int FACES_PER_PERSON = 4;

  /** {@link #neighbours}' rows: a face, one of its k nearest indexed faces, their rank and exact cosine similarity. */
  public static final StructType NEIGHBOURS = createStructType(List.of(
      createStructField("face_id", StringType, false),
      createStructField("rank", IntegerType, false),
      createStructField("neighbour_id", StringType, false),
      createStructField("similarity", FloatType, false)));

  private final SparkSession spark;
  private final String root;
  private final GenerationManifest manifest;
  private final Deletions hidden;
  private final int k;
  /** Each shard's oversample: the configured one, or for auto its generation's measured breadth. */
  private final int[] oversamples;
  private final int probesPerTask;

  private BatchLookup(SparkSession spark, String root, GenerationManifest manifest, Deletions hidden, int k,
      int oversample, int probesPerTask) {
    if (k < 1 || oversample < 0 || probesPerTask < 1) {
      throw new IllegalArgumentException("k and probes per task must be >= 1 and oversample >= 0 (auto), got " + k
          + ", " + oversample + ", " + probesPerTask);
    }
    this.spark = spark;
    this.root = root;
    this.manifest = manifest;
    this.hidden = hidden;
    this.k = k;
    this.oversamples = manifest.shards().stream().mapToInt(s -> manifest.oversample(s.shard(), oversample)).toArray();
    this.probesPerTask = probesPerTask;
  }

  /**
   * Lookups in generation {@code gen} of the index under {@code root}, or in its CURRENT one. A
   * generation served again despite later deletions (rollback --allow-deleted-faces) still holds
   * those faces: the lookups leave them out.
   */
  public static BatchLookup open(SparkSession spark, String root, OptionalLong gen, int k, int oversample,
      int probesPerTask) throws IOException {
    GenerationStore store = new GenerationStore(spark.sparkContext().hadoopConfiguration(), root);
    long g = gen.isPresent() ? gen.getAsLong() : store.current().orElseThrow(
        () -> new IOException(store.root() + " has no " + GenerationStore.CURRENT + "; name a generation with --gen"));
    GenerationManifest manifest = store.manifest(g);
    Deletions hidden = DeletionLedger.union(store.deletionsMissingFrom(manifest));
    return new BatchLookup(spark, root, manifest, hidden, k, oversample, probesPerTask);
  }

  /** The generation's shards as the tasks open them, with the Hadoop configuration broadcast for this lookup. */
  private GenerationShards shards() {
    return new GenerationShards(SerializableConfiguration.broadcast(spark.sparkContext()), root, manifest.generation(),
        manifest.shards().stream().mapToLong(ShardEntry::docs).toArray(), hidden, oversamples);
  }

  public GenerationManifest manifest() {
    return manifest;
  }

  /**
   * Each face's k nearest indexed faces (itself included when indexed) whose similarity reaches
   * {@code minSimilarity}, as rows of {@link #NEIGHBOURS}: each task searches its partition of the
   * faces in every shard and merges them there ({@link NeighbourLookup}), so nothing is shuffled;
   * every executor opens every shard.
   *
   * @param faces rows holding at least face_id, image_id, image_uri, label and embedding
   * @param count how many faces there are (sets the partitioning)
   * @param lookups counts probe x shard searches as they finish (for {@link LookupProgress})
   */
  public Dataset<Row> neighbours(Dataset<Row> faces, long count, float minSimilarity, LongAccumulator lookups) {
    JavaRDD<Probe> probes = faces.select(Probe.COLUMNS.stream().map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new)).javaRDD().map(Probe::of);
    JavaRDD<Row> rows = probes.repartition(neighbourPartitions(count)).mapPartitions(
        new NeighbourLookup(shards(), k, minSimilarity, lookups));
    return spark.createDataFrame(rows, NEIGHBOURS);
  }

  /**
   * Each probe's global top k; {@code lookups} counts probe x shard searches as they finish.
   *
   * @param probes in {@code partitions} partitions (see {@link #probePartitions})
   */
  JavaPairRDD<ProbeKey, TopCandidates> topK(JavaRDD<Probe> probes, int partitions, LongAccumulator lookups) {
    int shards = manifest.shardCount();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Partition (i, j) of the cartesian product is probe partition i against shard j.
    JavaPairRDD<Probe, Integer> pairs = probes.cartesian(
        jsc.parallelize(IntStream.range(0, shards).boxed().toList(), shards));
    return pairs
        .mapPartitionsToPair(new ShardLookup(shards(), k, lookups))
        .reduceByKey(TopCandidates::merge, partitions);
  }

  /**
   * Each probe's k nearest persons, in a generation with person templates ({@link PersonHits}): a
   * search of every shard for faces ({@value #FACES_PER_PERSON} per person wanted) and templates, then,
   * for the probes that need it, a lookup in every shard of the persons found by only their faces or
   * only their template; {@code lookups} counts the searches (probe x shard) as they finish.
   *
   * @param probes in {@code partitions} partitions (see {@link #probePartitions})
   */
  JavaPairRDD<ProbeKey, TopCandidates> persons(JavaRDD<Probe> probes, int partitions, LongAccumulator lookups,
      PersonDistance rule, DistanceMetric metric) {
    int shards = manifest.shardCount();
    int faceK = (int) Math.min(SearchBatchPlan.MAX_K, (long) k * FACES_PER_PERSON);
    int personK = k;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Integer> shardNumbers = jsc.parallelize(IntStream.range(0, shards).boxed().toList(), shards);
    PersonLookup lookup = new PersonLookup(shards(), faceK, k, lookups);
    JavaPairRDD<ProbeKey, PersonHits> searched = probes.map(p -> new PersonLookup.Request(p, List.of()))
        .cartesian(shardNumbers).mapPartitionsToPair(lookup)
        .reduceByKey((a, b) -> a.merge(b, faceK, personK), partitions);
    JavaPairRDD<ProbeKey, Tuple2<Probe, PersonHits>> found = probes.mapToPair(p -> new Tuple2<>(p.key(), p))
        .join(searched, partitions);
    JavaPairRDD<ProbeKey, PersonHits> completed = found
        .map(f -> new PersonLookup.Request(f._2()._1(), List.copyOf(f._2()._2().persons(metric, Set.of()).incomplete())))
        .filter(request -> !request.labels().isEmpty())
        .cartesian(shardNumbers).mapPartitionsToPair(lookup)
        .reduceByKey(PersonHits::concat, partitions);
    return found.leftOuterJoin(completed, partitions).mapToPair(f -> {
      PersonHits first = f._2()._1()._2();
      Set<String> incomplete = first.persons(metric, Set.of()).incomplete();
      PersonHits all = f._2()._2().isPresent() ? first.concat(f._2()._2().get()) : first;
      return new Tuple2<>(f._1(), TopCandidates.ranked(personK,
          PersonHits.ranked(all.persons(metric, incomplete), rule, metric, personK)));
    });
  }

  /** For {@link #neighbours}, whose tasks search every shard: about {@code probesPerTask} probes each, and every slot busy. */
  private int neighbourPartitions(long probes) {
    long byTask = (probes + probesPerTask - 1) / probesPerTask;
    long slots = spark.sparkContext().defaultParallelism();
    return (int) Math.min(Math.max(Math.max(byTask, slots), 1), Math.max(1, Math.min(probes, 100_000)));
  }

  /** Enough partitions for about {@code probesPerTask} probes each, and for every task slot to have work. */
  int probePartitions(long probes) {
    long byTask = (probes + probesPerTask - 1) / probesPerTask;
    int slots = spark.sparkContext().defaultParallelism();
    int shards = manifest.shardCount();
    long toFillSlots = (slots + shards - 1) / shards;
    return (int) Math.min(Math.max(Math.max(byTask, toFillSlots), 1), Math.max(1, Math.min(probes, 100_000)));
  }
}
