package io.faceengine.index.batch;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.ingest.IngestPlan;
import io.faceengine.spark.ShippedFiles;
import io.faceengine.spark.SparkJobOptions;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine search-batch}: options in, one {@link SearchBatchJob} run. Spark runs embedded
 * in local mode ({@code local[*]}) unless a master is given, by {@code --master} or by spark-submit.
 */
@Command(name = "search-batch", mixinStandardHelpOptions = true,
    description = "Look up every probe face (a faces dataset, or images embedded on the fly) in every shard of a"
        + " generation with Spark, and write each probe's top k with its decision (identity or unknown) to Parquet.")
public final class SearchBatchCommand implements Callable<Integer> {
  @Option(names = "--index", paramLabel = "ROOT", required = true, description = "The index root; any Hadoop URI.")
  String root;

  @Option(names = "--probes", paramLabel = "DIR", required = true,
      description = "A faces dataset (or an ingest output: its faces/ is read), or a directory of images.")
  String probes;

  @Option(names = "--output", paramLabel = "DIR", required = true,
      description = "Where the results go (Parquet); must not exist yet.")
  String output;

  @Option(names = "--k", paramLabel = "K", defaultValue = "10",
      description = "Candidates per probe, 1.." + SearchBatchPlan.MAX_K + " (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--gen", paramLabel = "N", description = "The generation to search (default: CURRENT's).")
  Long gen;

  @Option(names = "--images", negatable = true,
      description = "The probes are images (--no-images: a faces dataset); default: decided from the files found.")
  Boolean images;

  @Option(names = "--labels", paramLabel = "SOURCE", defaultValue = "none",
      description = "Image probes' labels, as for ingest: dir, csv:FILE or none (default: ${DEFAULT-VALUE}).")
  String labels;

  @Option(names = "--oversample", paramLabel = "X",
      description = "Candidates fetched per wanted face in each shard before exact re-ranking (default:"
          + " engine.query.oversample).")
  Integer oversample;

  @Option(names = "--probes-per-task", paramLabel = "N", defaultValue = "5000",
      description = "About how many probes one task searches one shard for (default: ${DEFAULT-VALUE}).")
  int probesPerTask;

  @Option(names = "--fpir", paramLabel = "F",
      description = "The false-positive identification rate a calibrated generation decides at (default:"
          + " engine.index.calibration.target-fpir).")
  Double fpir;

  @Option(names = "--quality", paramLabel = "gate|ignore",
      description = "gate: a probe face of low quality is decided low_quality; ignore: decided like any other"
          + " (default: engine.quality.gate-searches).")
  String quality;

  @Mixin SparkJobOptions job;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    try (SparkSession spark = job.session("face-engine search-batch")) {
      ModelManifest models = ModelManifest.load(ShippedFiles.preferShipped(config.models().manifest()));
      SearchBatchPlan plan = new SearchBatchPlan(root, gen != null ? OptionalLong.of(gen) : OptionalLong.empty(),
          probes, output, k, oversample != null ? oversample : config.query().oversample(), probesPerTask,
          Optional.ofNullable(images), models, IngestPlan.Labels.parse(labels), config.ingest(),
          PipelineSettings.of(config, models), fpir != null ? fpir : config.index().targetFpir(),
          config.index().personDistance(), gatesQuality(config) ? config.quality().limits() : null);
      new SearchBatchJob(spark, plan, System.out).run();
      return 0;
    }
  }

  private boolean gatesQuality(EngineConfig config) {
    if (quality == null) {
      return config.quality().gateSearches();
    }
    return switch (quality) {
      case "gate" -> true;
      case "ignore" -> false;
      default -> throw new IllegalArgumentException("--quality must be gate or ignore, got '" + quality + "'");
    };
  }
}
