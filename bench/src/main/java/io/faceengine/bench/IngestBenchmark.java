package io.faceengine.bench;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.ingest.IngestJob;
import io.faceengine.ingest.IngestPlan;
import io.faceengine.spark.EngineSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark ingest job against the raw pipeline on the same images, alternating in one run: raw is
 * read + decode + detect + align + embed in a loop on every core (one ONNX Runtime thread each, as
 * in the job); the job is the whole ingest (listing, hashing, skip check, extraction, Parquet
 * commit) on a fresh output each round. Reports images per second and their ratio.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Spark ingest throughput against the raw pipeline on the same LFW images (ratio, medians).")
final class IngestBenchmark implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${ENGINE_LFW_DIR:-../shared/data/lfw}",
      description = "LFW folder (default: ${DEFAULT-VALUE}, relative to the engine's home).")
  Path data;

  @Option(names = "--images", defaultValue = "2000", description = "Images per round (default: ${DEFAULT-VALUE}).")
  int imageCount;

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = EngineConfig.load(EngineConfig.defaultHome());
    ModelManifest manifest = ModelManifest.load(config.models().manifest());
    PipelineSettings settings = PipelineSettings.of(config, manifest);
    List<Path> images = LfwImageFiles.first(config.home().resolve(data).normalize(), imageCount);
    Path work = Files.createTempDirectory("ingest-bench");
    Path list = work.resolve("images.txt");
    Files.write(list, images.stream().map(Path::toString).toList());
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "ingest benchmark: %d LFW images, %d rounds, %d cores, embedder %s%n",
        images.size(), rounds, cores, settings.embedder().id());

    double[] raw = new double[rounds];
    double[] job = new double[rounds];
    try (FacePipeline pipeline = FacePipelineFactory.create(settings.withIntraOpThreads(1));
        SparkSession spark = EngineSpark.session("face-engine ingest benchmark", null)) {
      // Warm both up on the first 100 images (JIT, Spark's code generation, model loading) before timing.
      List<Path> warmUp = images.subList(0, Math.min(100, images.size()));
      rawImagesPerSecond(pipeline, warmUp, cores);
      Path warmUpList = work.resolve("warm-up.txt");
      Files.write(warmUpList, warmUp.stream().map(Path::toString).toList());
      jobImagesPerSecond(spark, config, settings, warmUpList, work.resolve("out-warm-up"));
      for (int r = 0; r < rounds; r++) {
        raw[r] = rawImagesPerSecond(pipeline, images, cores);
        job[r] = jobImagesPerSecond(spark, config, settings, list, work.resolve("out-" + r));
        System.out.printf(Locale.ROOT, "round %d: raw %.1f images/s, spark job %.1f images/s (%.0f%%)%n", r + 1,
            raw[r], job[r], 100 * job[r] / raw[r]);
      }
    }
    double rawMedian = Stats.median(raw);
    double jobMedian = Stats.median(job);
    System.out.printf(Locale.ROOT, "median: raw %.1f images/s, spark job %.1f images/s: the job reaches %.0f%% of raw%n",
        rawMedian, jobMedian, 100 * jobMedian / rawMedian);
    return 0;
  }


  /** Read, decode and analyze every image, in groups of 16 (as the job does), split over the cores. */
  static double rawImagesPerSecond(FacePipeline pipeline, List<Path> images, int threads) throws Exception {
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Path> slice = images.subList(images.size() * t / threads, images.size() * (t + 1) / threads);
        parts.add(pool.submit(() -> {
          for (int i = 0; i < slice.size(); i += 16) {
            List<BgrImage> group = new ArrayList<>();
            try {
              for (Path file : slice.subList(i, Math.min(slice.size(), i + 16))) {
                group.add(pipeline.decoder().decode(Files.readAllBytes(file), file.toString()));
              }
              pipeline.analyze(group);
            } finally {
              group.forEach(BgrImage::close);
            }
          }
          return null;
        }));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    }
    return images.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** The whole ingest job on the images of {@code list}, into a fresh {@code output}: images per second. */
  static double jobImagesPerSecond(SparkSession spark, EngineConfig config, PipelineSettings settings,
      Path list, Path output) throws Exception {
    IngestConfig ingest = config.ingest();
    IngestPlan plan = new IngestPlan(List.of(), Optional.of(list.toString()), output.toString(),
        IngestPlan.Labels.parse("none"), "run-bench", ingest, settings);
    long start = System.nanoTime();
    long read = new IngestJob(spark, plan, new PrintStream(new ByteArrayOutputStream())).run().read();
    return read / ((System.nanoTime() - start) / 1e9);
  }
}
