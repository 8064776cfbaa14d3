package io.faceengine.index;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.faceengine.core.model.ModelSpec;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.ShardSchema;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.spark.FaceRows;
import io.faceengine.index.spark.ShardBuild;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.ingest.schema.IngestSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.lucene.util.Version;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The index build: faces Parquet in, a new generation of N Lucene shards out. Steps: read the
 * faces and check they come from one model; begin a generation; build every shard in its own Spark
 * task (faces placed by {@link ShardAssigner}, sorted by face id) and publish it; then, on the
 * driver, check that every shard arrived with all the faces, verify each shard's files against the
 * checksums taken while copying, and only then write the manifest and move {@code CURRENT}. A
 * failure anywhere before that leaves {@code CURRENT} where it was.
 */
public final class IndexBuildJob {
  private final SparkSession spark;
  private final IndexBuildPlan plan;
  private final PrintStream console;

  public IndexBuildJob(SparkSession spark, IndexBuildPlan plan, PrintStream console) {
    this.spark = spark;
    this.plan = plan;
    this.console = console;
  }

  /** Builds and publishes the generation; returns its manifest. */
  public GenerationManifest run() throws IOException {
    long started = System.nanoTime();
    Instant startedAt = Instant.now();
    String input = facesPath();
    Dataset<Row> faces = spark.read().parquet(input);
    requireColumns(faces, input);
    InputSummary summary = summarise(faces, input);
    ModelSpec model = plan.models().model(summary.modelId());
    ShardSettings settings = ShardSettings.of(plan.index(), model.outputDimension());
    logPlan(input, summary, model);

    GenerationStore store = new GenerationStore(spark.sparkContext().hadoopConfiguration(), plan.root());
    OptionalLong previous = store.current();
    long gen = store.beginGeneration();
    try {
      List<ShardEntry> shards = new ShardBuild(spark, settings, plan.root(), gen, plan.index().buildDir().orElse(null))
          .run(faces.select(FaceRows.columns()), plan.index().shards());
      checkComplete(shards, summary.faces());
      GenerationManifest manifest = new GenerationManifest(GenerationManifest.FORMAT_VERSION, gen, model.id(),
          model.outputDimension(), model.metric(), ShardSchema.SIMILARITY.name(), settings.format(), settings.m(),
          settings.beamWidth(), Version.LATEST.toString(), input, summary.runs(), startedAt.toString(),
          (System.nanoTime() - started) / 1e9, summary.faces(), shards);
      store.commit(manifest);
    } catch (Exception e) { // includes SparkException, which Scala throws undeclared
      // The unfinished generation has no manifest and is never served; the next build deletes it
      // (tasks of this build may still be writing into it now).
      String current = previous.isPresent() ? "gen-" + previous.getAsLong() : "none";
      throw new IOException("index build of gen-" + gen + " failed, CURRENT unchanged (" + current + "): "
          + rootMessage(e), e);
    }
    GenerationManifest manifest = store.manifest(gen);
    for (ShardEntry shard : manifest.shards()) {
      console.printf(Locale.ROOT, "  shard-%d: %d faces%n", shard.shard(), shard.docs());
    }
    console.printf(Locale.ROOT, "index gen-%d: %d faces in %d shards under %s, CURRENT -> gen-%d (%.1f s)%n",
        gen, manifest.totalDocs(), manifest.shardCount(), store.root(), gen, (System.nanoTime() - started) / 1e9);
    List<Long> deleted = store.retain(plan.index().generationsToKeep());
    if (!deleted.isEmpty()) {
      console.println("deleted generations beyond the newest " + plan.index().generationsToKeep() + ": " + deleted);
    }
    return manifest;
  }

  /**
   * The faces dataset, fully qualified (it is recorded in the manifest): an ingest output directory
   * holds it in {@code faces/}; otherwise the input is the dataset itself.
   */
  private String facesPath() throws IOException {
    Path in = new Path(plan.input());
    FileSystem fs = in.getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path faces = new Path(in, IngestSchema.FACES);
    return fs.makeQualified(fs.exists(faces) ? faces : in).toString();
  }

  private static void requireColumns(Dataset<Row> faces, String input) {
    List<String> missing = new ArrayList<>(FaceRows.COLUMNS);
    missing.add("model_id");
    missing.removeAll(List.of(faces.columns()));
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(input + " is not a faces dataset: it lacks the columns " + missing);
    }
  }

  /** The input's model, runs and face count, in one pass over two small columns. */
  private static InputSummary summarise(Dataset<Row> faces, String input) {
    List<Row> groups = faces.groupBy(col("model_id"), col(IngestSchema.RUN_ID)).agg(count(lit(1))).collectAsList();
    TreeSet<String> models = new TreeSet<>();
    TreeSet<String> runs = new TreeSet<>();
    long total = 0;
    for (Row group : groups) {
      models.add(String.valueOf(group.getString(0)));
      runs.add(String.valueOf(group.getString(1)));
      total += group.getLong(2);
    }
    if (total == 0) {
      throw new IllegalArgumentException(input + " holds no faces");
    }
    if (models.size() > 1) {
      throw new IllegalArgumentException(input + " mixes faces of the models " + models + ": a generation indexes"
          + " one model's embeddings; build from the runs of one model");
    }
    return new InputSummary(models.first(), List.copyOf(runs), total);
  }

  private record InputSummary(String modelId, List<String> runs, long faces) {}

  /** Every shard exactly once, holding all the input's faces between them. */
  private static void checkComplete(List<ShardEntry> shards, long faces) {
    long docs = 0;
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).shard() != i) {
        throw new IllegalStateException("shard results are not shards 0.." + (shards.size() - 1) + ": found "
            + shards.stream().map(ShardEntry::shard).toList());
      }
      docs += shards.get(i).docs();
    }
    if (docs != faces) {
      throw new IllegalStateException("the shards hold " + docs + " faces, the input " + faces);
    }
  }

  private void logPlan(String input, InputSummary summary, ModelSpec model) {
    console.println("index build plan:");
    console.println("+ input: " + input + " (" + summary.faces() + " faces, runs " + summary.runs() + ")");
    console.println("+ output: " + plan.root());
    console.println("+ model: " + model.id() + ", " + model.outputDimension() + "-d, " + model.metric()
        + " (indexed by " + ShardSchema.SIMILARITY + " on unit vectors)");
    console.println("+ shards: " + plan.index().shards() + ", format " + plan.index().format().configName() + ", HNSW M "
        + plan.index().m() + ", beamWidth " + plan.index().beamWidth());
    console.println("+ generations kept: " + plan.index().generationsToKeep());
  }

  /** The innermost cause's message: a failed task arrives wrapped in Spark's exceptions with their stack traces. */
  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
