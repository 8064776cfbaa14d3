package io.faceengine.ingest;

import io.faceengine.core.cli.EmbedderOption;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.spark.ShippedFiles;
import io.faceengine.spark.SparkJobOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine ingest} and the spark-submit entry point: options in, one {@link IngestJob}
 * run. Spark runs embedded in local mode ({@code local[*]}) unless a master is given, by
 * {@code --master} or by spark-submit.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Detect, align and embed every face of a collection of images with Spark, writing the faces and"
        + " images datasets (Parquet) under OUTPUT. Re-running adds only images not ingested yet.")
public final class IngestCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

  @Option(names = "--input", paramLabel = "PATH", arity = "1..*",
      description = "Directories (searched recursively) or files; any Hadoop URI (file:, hdfs:, s3a:).")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--list", paramLabel = "FILE",
      description = "A list of image URIs: text, one per line, or Parquet with an image_uri column.")
  String uriList;

  @Option(names = "--output", paramLabel = "DIR", required = true, description = "Where the datasets go.")
  String output;

  @Option(names = "--labels", paramLabel = "SOURCE", defaultValue = "none",
      description = "dir (the image's folder name, LFW-style), csv:FILE (columns image_uri,label) or none"
          + " (default: ${DEFAULT-VALUE}).")
  String labels;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "The run's name and output partition (default: run-<UTC time>); re-use it to resume a run.")
  String runId;

  @Option(names = "--glob", paramLabel = "PATTERN",
      description = "Which files of the input directories are images (default: engine.ingest.path-glob).")
  String glob;

  @Option(names = "--strict",
      description = "Exit with code 1 when any input failed (an error row); by default a completed job exits 0 and"
          + " its summary counts the errors.")
  boolean strict;

  @Mixin SparkJobOptions job;
  @Mixin EmbedderOption embedder;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = embedder.applyTo(job.config());
    var ingest = glob == null ? config.ingest() : new io.faceengine.core.config.IngestConfig(glob,
        config.ingest().commitBatchImages(), config.ingest().imagesPerTask(), config.ingest().onnxThreadsPerTask(),
        config.ingest().maxImageBytes());
    try (SparkSession spark = job.session("face-engine ingest")) {
      // A manifest shipped with --files wins over engine.models.manifest: only Spark knows where
      // shipped files are, so the session comes first (on Kubernetes or standalone in cluster mode,
      // the driver has no other way to reach them).
      Path manifestFile = ShippedFiles.preferShipped(config.models().manifest());
      ModelManifest manifest = ModelManifest.load(manifestFile);
      IngestPlan plan = new IngestPlan(inputs, Optional.ofNullable(uriList), output, IngestPlan.Labels.parse(labels),
          runId != null ? runId : IngestPlan.newRunId(), ingest, PipelineSettings.of(config, manifest));
      LOG.info("model manifest {}", manifestFile);
      IngestSummary summary = new IngestJob(spark, plan, System.out).run();
      return exitCode(summary, strict);
    }
  }

  /**
   * 0 for a completed job, whose error rows are data (one bad image among millions is no failure):
   * the summary counts them. 1 when the input held nothing at all, or with {@code --strict} when
   * any input failed.
   */
  static int exitCode(IngestSummary summary, boolean strict) {
    if (summary.read() == 0 && summary.skipped() == 0) {
      return 1;
    }
    return strict && summary.errors() > 0 ? 1 : 0;
  }

}
