package io.faceengine.index.batch;

import static org.apache.spark.sql.functions.col;

import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.index.GenerationManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The batch lookup: probe faces in, each one's top k over every shard of a generation out, in
 * Parquet. The plan is probe partitions x shards: the probes are split into partitions of about
 * {@code probes-per-task}, and each task searches one partition in one shard (opened once per
 * executor, see {@link LocalShards}), so the work spreads over P x S tasks however few shards
 * there are. Each probe's per-shard lists then meet in one shuffle and are merged into the global
 * top k ({@link TopCandidates}); the rows are written to a staging directory renamed into place at
 * the end ({@link StagedOutput}). It needs only the published index, not the query service.
 */
public final class SearchBatchJob {
  private final SparkSession spark;
  private final SearchBatchPlan plan;
  private final PrintStream console;

  public SearchBatchJob(SparkSession spark, SearchBatchPlan plan, PrintStream console) {
    this.spark = spark;
    this.plan = plan;
    this.console = console;
  }

  public SearchBatchSummary run() throws IOException {
    long started = System.nanoTime();
    BatchLookup lookup = BatchLookup.open(spark, plan.root(), plan.generation(), plan.k(), plan.oversample(),
        plan.probesPerTask());
    GenerationManifest manifest = lookup.manifest();
    long gen = manifest.generation();
    ModelSpec model = plan.models().model(manifest.modelId());
    int shards = manifest.shardCount();
    logPlan(manifest, model);

    StagedOutput output = new StagedOutput(spark.sparkContext().hadoopConfiguration(), plan.output());
    String staging = output.begin();
    JavaRDD<Probe> probes = null;
    try {
      Dataset<Row> probeRows = new ProbeSource(spark, plan, console).read(manifest.modelId(), gen);
      long count = probeRows.count();
      if (count == 0) {
        throw new IllegalArgumentException("the probes " + plan.probes() + " hold no faces");
      }
      int partitions = lookup.probePartitions(count);
      console.printf(Locale.ROOT, "probes: %d faces in %d partitions x %d shards = %d tasks%n", count, partitions, shards,
          (long) partitions * shards);
      probes = probeRows.javaRDD().map(Probe::of).repartition(partitions).persist(StorageLevel.MEMORY_AND_DISK());
      probes.count(); // cached once here, rather than by every task of a probe partition at the same time

      LongAccumulator lookups = spark.sparkContext().longAccumulator("search-batch: lookups");
      JavaRDD<Row> rows = (manifest.templates()
          ? lookup.persons(probes, partitions, lookups, plan.personDistance(), model.metric())
          : lookup.topK(probes, partitions, lookups))
          .flatMap(new MatchRows(model.metric(), decisionThreshold(manifest, model)));
      try (LookupProgress progress = new LookupProgress("search-batch", count * shards, lookups::value, console)) {
        spark.createDataFrame(rows, MatchRows.SCHEMA).sortWithinPartitions("probe_face_id", "rank").write()
            .parquet(staging);
      }
      output.commit();
    } catch (Exception e) { // includes SparkException, which Scala throws undeclared
      output.abort();
      if (e instanceof IllegalArgumentException || e instanceof IOException) {
        throw e;
      }
      throw new IOException("search-batch failed, nothing written to " + output.output() + ": " + rootMessage(e), e);
    } finally {
      if (probes != null) {
        probes.unpersist();
      }
    }
    SearchBatchSummary summary = summarise(gen, shards, started, output.output());
    console.println(summary.line());
    return summary;
  }

  /** Counted from the committed output: rows, probes, and how many were identified. */
  private SearchBatchSummary summarise(long gen, int shards, long started, String output) {
    Dataset<Row> written = spark.read().parquet(output);
    long rows = written.count();
    List<Row> decisions = written.filter(col("rank").equalTo(1))
        .groupBy(col("decision").equalTo(MatchRows.UNKNOWN), col("decision").equalTo(MatchRows.LOW_QUALITY)).count()
        .collectAsList();
    long probes = 0;
    long identified = 0;
    long lowQuality = 0;
    for (Row row : decisions) {
      probes += row.getLong(2);
      if (row.getBoolean(1)) {
        lowQuality += row.getLong(2);
      } else if (!row.getBoolean(0)) {
        identified += row.getLong(2);
      }
    }
    return new SearchBatchSummary(gen, shards, probes, identified, lowQuality, rows, (System.nanoTime() - started) / 1e9,
        output);
  }

  /** The innermost cause's message: a failed task arrives wrapped in Spark's exceptions with their stack traces. */
  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** Each shard's oversample under auto: its measured breadth, or the fallback. */
  private static List<Integer> oversamples(GenerationManifest manifest) {
    return manifest.shards().stream().map(s -> manifest.oversample(s.shard(), QueryConfig.AUTO_OVERSAMPLE)).toList();
  }

  private void logPlan(GenerationManifest manifest, ModelSpec model) {
    console.println("search-batch plan:");
    console.println("+ index: " + plan.root() + ", gen-" + manifest.generation() + ": " + manifest.shardCount()
        + " shards, " + manifest.totalDocs() + " faces, " + manifest.vectorFormat().configName());
    console.println("+ model: " + model.id() + ", " + model.metric() + ", decision threshold "
        + decisionThreshold(manifest, model) + (manifest.calibration() != null ? " (calibrated, FPIR "
        + plan.targetFpir() + ")" : " (the model's; the generation is not calibrated)") + ", beyond it a probe is unknown");
    if (manifest.templates()) {
      console.println("+ persons: the generation holds " + manifest.totalTemplates() + " person templates; each rank is"
          + " a person, by distance " + plan.personDistance().configName() + ", named by its nearest face");
    }
    console.println("+ probes: " + plan.probes() + ", top " + plan.k() + " each, oversample "
        + (plan.oversample() == QueryConfig.AUTO_OVERSAMPLE ? "auto " + oversamples(manifest) : plan.oversample())
        + ", about " + plan.probesPerTask() + " probes per task");
    console.println("+ quality gate: " + (plan.qualityGate() == null ? "off (every probe decided)"
        : "on (probes of low quality are decided " + MatchRows.LOW_QUALITY + ")"));
    console.println("+ output: " + plan.output());
  }

  /** The query service's rule: the generation's calibrated threshold at the target FPIR, else the model's. */
  private float decisionThreshold(GenerationManifest manifest, ModelSpec model) {
    return manifest.calibration() != null ? (float) manifest.calibration().threshold(plan.targetFpir())
        : model.searchThreshold();
  }
}
