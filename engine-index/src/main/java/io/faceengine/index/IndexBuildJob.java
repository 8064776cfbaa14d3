package io.faceengine.index;

import static org.apache.spark.sql.functions.not;

import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.ShardSchema;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.spark.DeletionColumns;
import io.faceengine.index.spark.FaceRows;
import io.faceengine.index.spark.ShardOutcome;
import io.faceengine.index.spark.ShardShuffle;
import io.faceengine.index.spark.TemplateRows;
import io.faceengine.index.store.DeletionLedger;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationRetention;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The index build (and full rebuild): faces Parquet in, a new generation of N Lucene shards out.
 * Steps: read the faces and check they come from one model; leave out every face the root's
 * deletion ledger names; begin a generation; build every shard in its own Spark
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
    FacesInput input = FacesInput.open(spark, plan.input());
    GenerationStore store = new GenerationStore(spark.sparkContext().hadoopConfiguration(), plan.root());
    // Every deletion ever recorded under the root applies: a deleted face never comes back from the input.
    SortedMap<String, Deletions> ledger = store.ledger().entries();
    Deletions deletions = DeletionLedger.union(ledger).union(plan.deletions());
    Column lowQuality = input.lowQuality(plan.qualityGate());
    InputSummary summary = summarise(input, deletions, lowQuality);
    ModelSpec model = plan.models().model(summary.modelId());
    ShardSettings settings = ShardSettings.of(plan.index(), model.outputDimension());
    logPlan(input.path(), summary, model, ledger.size(), deletions, TemplateRows.weighted(input.faces()));

    OptionalLong previous = store.current();
    GenerationPublisher publisher = new GenerationPublisher(store);
    long gen = publisher.beginGeneration();
    ShardShuffle.Templates templates = ShardShuffle.Templates.NONE;
    try {
      Dataset<Row> kept = input.faces().filter(not(DeletionColumns.matches(deletions)).and(not(lowQuality)));
      if (plan.index().templates()) {
        templates = templates(kept, model.outputDimension());
      }
      List<ShardOutcome> shards = new ShardShuffle(spark, settings, plan.root(), gen,
          plan.index().buildDir().orElse(null)).build(kept.select(FaceRows.columns()), templates,
          plan.index().shards(), summary.faces());
      List<String> applied = new ArrayList<>(ledger.keySet());
      if (!plan.deletions().isEmpty()) {
        store.ledger().record(gen, plan.deletions());
        applied.add(DeletionLedger.entryName(gen));
      }
      GenerationManifest manifest = GenerationManifest.builder(gen)
          .model(model.id(), model.outputDimension(), model.metric(), ShardSchema.SIMILARITY.name())
          .shardFormat(settings.format(), settings.m(), settings.beamWidth())
          .input(input.path(), summary.runs())
          .shards(shards.stream().map(ShardOutcome::entry).toList())
          .deletions(applied, summary.deleted())
          .templates(plan.index().templates())
          .built(startedAt, (System.nanoTime() - started) / 1e9)
          .build();
      manifest = calibrated(store, plan.index(), manifest, console);
      manifest = breadthMeasured(store, plan.index(), manifest, console);
      commit(publisher, manifest, plan.publish());
    } catch (Exception e) { // includes SparkException, which Scala throws undeclared
      // The unfinished generation has no manifest and is never served; the next build deletes it
      // (tasks of this build may still be writing into it now).
      throw failure("index build", gen, previous, e);
    } finally {
      if (templates.docs() != null) {
        templates.docs().unpersist();
      }
    }
    GenerationManifest manifest = store.manifest(gen);
    for (ShardEntry shard : manifest.shards()) {
      console.printf(Locale.ROOT, "  shard-%d: %d faces%s%n", shard.shard(), shard.docs(),
          manifest.templates() ? ", " + shard.templates() + " person templates" : "");
    }
    console.printf(Locale.ROOT, "index gen-%d: %d faces in %d shards under %s, %d left out by deletions, %d of low quality,"
        + " %s (%.1f s)%n", gen, manifest.totalDocs(), manifest.shardCount(), store.root(), manifest.facesDeleted(),
        summary.lowQuality(), published(gen, plan.publish(), previous), (System.nanoTime() - started) / 1e9);
    retain(store, plan.index().generationsToKeep(), console);
    return manifest;
  }

  /** The person templates of {@code faces}, one per label, computed once and kept for the shuffle. */
  static ShardShuffle.Templates templates(Dataset<Row> faces, int dimension) {
    var docs = TemplateRows.of(faces, dimension).persist(StorageLevel.MEMORY_AND_DISK());
    return new ShardShuffle.Templates(docs, docs.count());
  }

  /** Writes the manifest, and moves CURRENT to it when the job publishes (else 'index publish' does, later). */
  static void commit(GenerationPublisher publisher, GenerationManifest manifest, boolean publish) throws IOException {
    if (publish) {
      publisher.commit(manifest);
    } else {
      publisher.complete(manifest);
    }
  }

  /** {@code manifest} with its generation's calibration (see {@link GenerationCalibrator}), said in one line. */
  static GenerationManifest calibrated(GenerationStore store, IndexConfig index, GenerationManifest manifest,
      PrintStream console) throws IOException {
    GenerationManifest calibrated = new GenerationCalibrator(store, index.localBuildDir())
        .calibrated(manifest, index.calibrationProbes());
    printCalibration(console, calibrated, index.targetFpir());
    return calibrated;
  }

  /** {@code manifest} with each shard's search breadth (see {@link BreadthCalibrator}), said in one line. */
  static GenerationManifest breadthMeasured(GenerationStore store, IndexConfig index, GenerationManifest manifest,
      PrintStream console) throws IOException {
    long started = System.nanoTime();
    GenerationManifest measured = new BreadthCalibrator(store, index.localBuildDir())
        .measured(manifest, index.breadthProbes(), index.breadthTargetRecall());
    SearchBreadth breadth = measured.searchBreadth();
    if (breadth == null) {
      console.println("  search breadth: not measured (engine.index.breadth.probes = 0); oversample auto searches"
          + " with " + QueryConfig.FALLBACK_OVERSAMPLE);
      return measured;
    }
    console.printf(Locale.ROOT, "  search breadth: oversample per shard %s for recall@%d %s on %d probes (measured %s)%s"
        + " (%.1f s)%n", breadth.oversamples(), breadth.k(), breadth.targetRecall(), breadth.probes(),
        breadth.shards().stream().map(s -> String.format(Locale.ROOT, "%.3f", s.recall())).toList(),
        breadth.reached() ? "" : ", NOT reached by every shard at the widest", (System.nanoTime() - started) / 1e9);
    return measured;
  }

  /** One line on the generation's open-set calibration, or why it has none. */
  private static void printCalibration(PrintStream console, GenerationManifest manifest, double targetFpir) {
    if (manifest.calibration() == null) {
      console.println("  calibration: none (calibration off, or fewer than " + GenerationCalibrator.MIN_PROBES
          + " labelled faces with another person near them); searches use the model's threshold");
      return;
    }
    console.printf(Locale.ROOT, "  calibration: %d held-out labelled faces; decision threshold %.4f at FPIR %s%n",
        manifest.calibration().probes(), manifest.calibration().threshold(targetFpir), targetFpir);
  }

  /** Where CURRENT points after a job that completed {@code gen}. */
  static String published(long gen, boolean publish, OptionalLong previous) {
    if (publish) {
      return "CURRENT -> gen-" + gen;
    }
    return "not published: CURRENT stays " + (previous.isPresent() ? "gen-" + previous.getAsLong() : "unset")
        + " until 'index publish --gen " + gen + "'";
  }

  /** Deletes generations beyond the newest {@code keep} and says which. */
  static void retain(GenerationStore store, int keep, PrintStream console) throws IOException {
    List<Long> deleted = new GenerationRetention(store).retain(keep);
    if (!deleted.isEmpty()) {
      console.println("deleted generations beyond the newest " + keep + ": " + deleted);
    }
  }

  /** The input's model, runs and face count after deletions and the quality gate, in one pass over a few small columns. */
  private static InputSummary summarise(FacesInput input, Deletions deletions, Column lowQuality) {
    List<FacesInput.RunFaces> runs = input.runs(deletions, lowQuality);
    long total = runs.stream().mapToLong(FacesInput.RunFaces::faces).sum();
    long deleted = runs.stream().mapToLong(FacesInput.RunFaces::deleted).sum();
    long low = runs.stream().mapToLong(FacesInput.RunFaces::lowQuality).sum();
    if (total == 0) {
      throw new IllegalArgumentException(input.path() + " holds no faces");
    }
    TreeSet<String> models = FacesInput.models(runs);
    if (models.size() > 1) {
      throw new IllegalArgumentException(input.path() + " mixes faces of the models " + FacesInput.modelsWithCounts(runs)
          + ": a generation indexes one model's embeddings; build from the runs of one model");
    }
    if (total == deleted) {
      throw new IllegalArgumentException("every face of " + input.path() + " is deleted by the deletion ledger");
    }
    if (total == deleted + low) {
      throw new IllegalArgumentException("every face of " + input.path() + " left after deletions is of low quality"
          + " (engine.quality); build with --include-low-quality to enrol them anyway");
    }
    TreeSet<String> runIds = new TreeSet<>();
    runs.forEach(r -> runIds.add(r.runId()));
    return new InputSummary(models.first(), List.copyOf(runIds), total - deleted - low, deleted, low);
  }

  /**
   * @param faces faces to index (after deletions and the quality gate)
   * @param lowQuality faces the quality gate leaves out
   */
  private record InputSummary(String modelId, List<String> runs, long faces, long deleted, long lowQuality) {}

  private void logPlan(String input, InputSummary summary, ModelSpec model, int ledgerEntries, Deletions deletions,
      boolean weighted) {
    console.println("index build plan:");
    console.println("+ input: " + input + " (" + summary.faces() + " faces, runs " + summary.runs() + ")");
    console.println("+ deletions: ledger " + ledgerEntries + " entries, new " + plan.deletions().describe() + "; together "
        + deletions.describe() + ", leaving out " + summary.deleted() + " faces");
    console.println("+ quality gate: " + (plan.qualityGate() == null ? "off (every face enrolled)"
        : "leaving out " + summary.lowQuality() + " faces of low quality (engine.quality; --include-low-quality enrols them)"));
    console.println("+ output: " + plan.root());
    console.println("+ model: " + model.id() + ", " + model.outputDimension() + "-d, " + model.metric()
        + " (indexed by " + ShardSchema.SIMILARITY + " on unit vectors)");
    console.println("+ shards: " + plan.index().shards() + ", format " + plan.index().format().configName() + ", HNSW M "
        + plan.index().m() + ", beamWidth " + plan.index().beamWidth());
    console.println("+ person templates: " + (plan.index().templates() ? "one per label, the faces weighted by "
        + (weighted ? "det_score and quality" : "1 (the input has no quality columns)")
        : "none"));
    console.println("+ generations kept: " + plan.index().generationsToKeep());
  }

  /**
   * The exception of a failed job, saying that {@code CURRENT} did not move, with the innermost
   * cause's message: a failed task arrives wrapped in Spark's exceptions with their stack traces.
   */
  static IOException failure(String job, long gen, OptionalLong previous, Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String current = previous.isPresent() ? "gen-" + previous.getAsLong() : "none";
    return new IOException(job + " of gen-" + gen + " failed, CURRENT unchanged (" + current + "): "
        + cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
  }
}
