package io.faceengine.bench;

import io.faceengine.core.cli.ConfigOption;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import io.faceengine.core.pipeline.PipelineSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Ingest's per-image work (read, decode, detect, align, embed; one ONNX Runtime thread per worker,
 * as in the job) with several embedders over the same LFW images, alternating round by round so that
 * each sees the same machine load: images and faces per second, medians. For comparing a fusion with
 * its components, whose own embedding benchmark ({@code bench pipeline}) runs one model.
 */
@Command(name = "embedders", mixinStandardHelpOptions = true,
    description = "Images and faces per second of the ingest pipeline with each embedder, alternating, same images.")
final class EmbedderSpeedBenchmark implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${ENGINE_LFW_DIR:-../shared/data/lfw}",
      description = "LFW folder (default: ${DEFAULT-VALUE}, relative to the engine's home).")
  Path data;

  @Option(names = "--models", required = true, split = ",", paramLabel = "ID", description = "Embedders to compare.")
  List<String> models;

  @Option(names = "--images", defaultValue = "200", description = "Images per round (default: ${DEFAULT-VALUE}).")
  int imageCount;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds per embedder (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--threads", defaultValue = "2", description = "Worker threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Mixin ConfigOption configOption;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = EngineConfig.load(EngineConfig.defaultHome(), Optional.ofNullable(configOption.file()));
    ModelManifest manifest = ModelManifest.load(config.models().manifest());
    List<Path> images = LfwImageFiles.first(config.home().resolve(data).normalize(), imageCount);
    System.out.printf(Locale.ROOT, "embedder speed: %d LFW images, %d rounds, %d threads, load average %s%n",
        images.size(), rounds, threads, LoadAverage.now());
    List<FacePipeline> pipelines = new ArrayList<>();
    try {
      for (String model : models) {
        pipelines.add(FacePipelineFactory.create(
            PipelineSettings.of(config.withEmbedder(Optional.of(model)), manifest).withIntraOpThreads(1)));
      }
      int faces = 0;
      for (Path image : images) {
        faces += pipelines.get(0).analyze(image).faces().size(); // also the first model's warm-up
      }
      double[][] perSecond = new double[models.size()][rounds];
      for (int m = 1; m < models.size(); m++) {
        IngestBenchmark.rawImagesPerSecond(pipelines.get(m), images.subList(0, Math.min(50, images.size())), threads);
      }
      for (int r = 0; r < rounds; r++) {
        for (int m = 0; m < models.size(); m++) {
          perSecond[m][r] = IngestBenchmark.rawImagesPerSecond(pipelines.get(m), images, threads);
          System.out.printf(Locale.ROOT, "round %d %-28s %6.2f images/s%n", r + 1, models.get(m), perSecond[m][r]);
        }
      }
      double facesPerImage = (double) faces / images.size();
      for (int m = 0; m < models.size(); m++) {
        double median = Stats.median(perSecond[m]);
        System.out.printf(Locale.ROOT, "median %-28s %6.2f images/s, %6.2f faces/s (%d faces in %d images)%n",
            models.get(m), median, median * facesPerImage, faces, images.size());
      }
    } finally {
      pipelines.forEach(FacePipeline::close);
    }
    System.out.printf(Locale.ROOT, "load average after: %s%n", LoadAverage.now());
    return 0;
  }
}
