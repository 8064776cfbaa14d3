package io.faceengine.bench;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.ingest.IngestPlan;
import io.faceengine.ingest.spark.IngestSteps;
import io.faceengine.spark.EngineSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ingest job's listing of an input folder against the listing it replaced (issue 14), alternating
 * in one run and one Spark session: before, the file index of Spark's {@code binaryFile} source
 * (recursive, the glob as {@code pathGlobFilter}), which hides names starting with {@code _} or
 * {@code .}; after, the job's own listing ({@code IngestSteps.list}), which hides nothing. Each is
 * timed to a counted dataset of {@code image_uri}s, as the job counts it.
 */
@Command(name = "listing", mixinStandardHelpOptions = true,
    description = "Ingest's input listing against Spark's binaryFile file index on LFW (seconds, medians).")
final class ListingBenchmark implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${ENGINE_LFW_DIR:-../shared/data/lfw}",
      description = "LFW folder (default: ${DEFAULT-VALUE}, relative to the engine's home).")
  Path data;

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = EngineConfig.load(EngineConfig.defaultHome());
    PipelineSettings settings = PipelineSettings.of(config, ModelManifest.load(config.models().manifest()));
    String input = config.home().resolve(data).normalize().toString();
    String glob = config.ingest().pathGlob();
    IngestPlan plan = new IngestPlan(List.of(input), Optional.empty(), "unused", IngestPlan.Labels.parse("none"),
        "run-bench", config.ingest(), settings);
    System.out.printf(Locale.ROOT, "listing benchmark: %s, glob %s, %d rounds, %d cores, load %s%n", input, glob,
        rounds, Runtime.getRuntime().availableProcessors(), LoadAverage.now());
    double[] before = new double[rounds];
    double[] after = new double[rounds];
    try (SparkSession spark = EngineSpark.session("face-engine listing benchmark", null)) {
      IngestSteps steps = new IngestSteps(spark, plan);
      LongSupplier listing = () -> steps.list().count();
      LongSupplier sparkIndex = () -> sparkFileIndex(spark, input, glob);
      // Spark's first job in a JVM is slow whatever it does: run one first, then the first listing of
      // each (JIT, code generation of its own), as one ingest run pays it.
      spark.createDataset(List.of("warm-up"), Encoders.STRING()).distinct().count();
      Timed afterFirst = Timed.of(listing);
      Timed beforeFirst = Timed.of(sparkIndex);
      System.out.printf(Locale.ROOT, "first in this JVM: ingest listing %.2f s, spark binaryFile index %.2f s%n",
          afterFirst.seconds(), beforeFirst.seconds());
      for (int r = 0; r < rounds; r++) {
        // Alternate which goes first, so that neither always finds the other's directory cache warm.
        Timed old = r % 2 == 0 ? Timed.of(sparkIndex) : null;
        Timed now = Timed.of(listing);
        old = old == null ? Timed.of(sparkIndex) : old;
        before[r] = old.seconds();
        after[r] = now.seconds();
        System.out.printf(Locale.ROOT, "round %d: spark binaryFile index %.2f s (%d files), ingest listing %.2f s"
            + " (%d files), load %s%n", r + 1, old.seconds(), old.files(), now.seconds(), now.files(), LoadAverage.now());
      }
    }
    double beforeMedian = Stats.median(before);
    double afterMedian = Stats.median(after);
    System.out.printf(Locale.ROOT, "median: spark binaryFile index %.2f s, ingest listing %.2f s (%.1fx)%n",
        beforeMedian, afterMedian, beforeMedian / afterMedian);
    return 0;
  }

  /**
   * The listing before issue 14's fix, without the walk for dangling links that followed it: a lower
   * bound of its time.
   */
  private static long sparkFileIndex(SparkSession spark, String input, String glob) {
    String[] files = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .option("pathGlobFilter", glob).load(input).inputFiles();
    return spark.createDataset(List.of(files), Encoders.STRING()).distinct().count();
  }

  /** How long a listing took, and how many files it found. */
  private record Timed(double seconds, long files) {
    static Timed of(LongSupplier listing) {
      long start = System.nanoTime();
      long files = listing.getAsLong();
      return new Timed((System.nanoTime() - start) / 1e9, files);
    }
  }
}
