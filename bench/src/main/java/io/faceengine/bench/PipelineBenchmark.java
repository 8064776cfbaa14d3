package io.faceengine.bench;

import io.faceengine.core.align.FaceAligner;
import io.faceengine.core.cli.ConfigOption;
import io.faceengine.core.cli.EmbedderOption;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.FaceDetector;
import io.faceengine.core.embed.OnnxFaceEmbedder;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.pipeline.FacePipelineFactory;
import io.faceengine.core.pipeline.PipelineSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Raw model throughput on LFW images: detection milliseconds per image and faces embedded per
 * second, with 1 and 2 worker threads (each ONNX Runtime call single-threaded, as inside Spark
 * tasks). Images are decoded and faces aligned before timing, so each figure is one model's cost.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Detection ms/image and faces embedded/s on LFW images, 1 and 2 threads, medians over rounds.")
final class PipelineBenchmark implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${ENGINE_LFW_DIR:-../shared/data/lfw}",
      description = "LFW folder (default: ${DEFAULT-VALUE}, relative to the engine's home).")
  Path data;

  @Option(names = "--images", defaultValue = "300", description = "Images per round (default: ${DEFAULT-VALUE}).")
  int imageCount;

  @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds per configuration (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--threads", split = ",", defaultValue = "1,2",
      description = "Worker thread counts to compare (default: ${DEFAULT-VALUE}).")
  List<Integer> threadCounts;

  @Mixin ConfigOption configOption;

  @Mixin EmbedderOption embedder;

  @Override
  public Integer call() throws Exception {
    EngineConfig loaded = EngineConfig.load(EngineConfig.defaultHome(), Optional.ofNullable(configOption.file()));
    EngineConfig config = embedder.applyTo(loaded).withIntraOpThreads(1);
    ModelManifest manifest = ModelManifest.load(config.models().manifest());
    ModelSpec embedderSpec = manifest.select(ModelRole.EMBEDDER, config.models().embedder());
    List<BgrImage> images = loadImages(config);
    try (FaceDetector detector = FacePipelineFactory.createDetector(config, manifest);
        OnnxFaceEmbedder embedder = FacePipelineFactory.createEmbedder(PipelineSettings.of(config, manifest))) {
      List<Mat> crops = alignedCrops(images, detector, embedderSpec);
      System.out.printf(Locale.ROOT, "pipeline benchmark: %d LFW images (%dx%d), %d faces, %d rounds after a warm-up;"
          + " ONNX Runtime %d intra-op thread per call, batch %d, %d cores%n", images.size(), images.get(0).width(),
          images.get(0).height(), crops.size(), rounds, config.inference().intraOpThreads(),
          config.inference().batchSize(), Runtime.getRuntime().availableProcessors());
      System.out.printf("embedder %s: %s%n", embedderSpec.id(), embedderSpec.mirrorAverage()
          ? "mirror averaging on, so each face is two inferences" : "one inference per face");
      System.out.printf("%-8s %22s %26s%n", "threads", "detect ms/image (wall)", "embed faces/s");
      double baseDetect = 0;
      double baseEmbed = 0;
      for (int threads : threadCounts) {
        double[] detectMs = new double[rounds];
        double[] facesPerSecond = new double[rounds];
        timeDetection(detector, images, threads); // warm-up
        timeEmbedding(embedder, crops, threads, config.inference().batchSize());
        for (int r = 0; r < rounds; r++) {
          detectMs[r] = timeDetection(detector, images, threads) / images.size();
          facesPerSecond[r] = crops.size() / (timeEmbedding(embedder, crops, threads, config.inference().batchSize()) / 1000);
        }
        double detect = Stats.median(detectMs);
        double embed = Stats.median(facesPerSecond);
        if (baseDetect == 0) {
          baseDetect = detect;
          baseEmbed = embed;
        }
        System.out.printf(Locale.ROOT, "%-8d %8.2f [%5.2f-%5.2f] x%.2f %10.1f [%6.1f-%6.1f] x%.2f%n", threads, detect,
            Stats.min(detectMs), Stats.max(detectMs), baseDetect / detect, embed, Stats.min(facesPerSecond),
            Stats.max(facesPerSecond), embed / baseEmbed);
      }
      System.out.println("figures are medians [min-max] over the rounds; xN is the speed-up over the first row");
      crops.forEach(Mat::close);
    } finally {
      images.forEach(BgrImage::close);
    }
    return 0;
  }

  private List<BgrImage> loadImages(EngineConfig config) throws IOException {
    ImageDecoder decoder = new ImageDecoder(config.maxImagePixels());
    List<Path> files = LfwImageFiles.first(config.home().resolve(data).normalize(), imageCount);
    List<BgrImage> images = new ArrayList<>(files.size());
    for (Path file : files) {
      images.add(decoder.decode(file));
    }
    return images;
  }

  /** One aligned crop per image that has a face (its most confident one). */
  private static List<Mat> alignedCrops(List<BgrImage> images, FaceDetector detector, ModelSpec embedder) {
    FaceAligner aligner = new FaceAligner(embedder.alignment(), embedder.input().width(), embedder.input().height());
    List<Mat> crops = new ArrayList<>();
    for (BgrImage image : images) {
      List<DetectedFace> faces = detector.detect(image);
      if (!faces.isEmpty()) {
        crops.add(aligner.align(image, faces.get(0)));
      }
    }
    return crops;
  }

  /** Wall milliseconds to detect faces in every image, spread over {@code threads} workers. */
  private static double timeDetection(FaceDetector detector, List<BgrImage> images, int threads) throws Exception {
    return timeParallel(threads, images.size(), (from, to) -> {
      for (int i = from; i < to; i++) {
        detector.detect(images.get(i));
      }
    });
  }

  /** Wall milliseconds to embed every crop in batches, spread over {@code threads} workers. */
  private static double timeEmbedding(OnnxFaceEmbedder embedder, List<Mat> crops, int threads, int batch)
      throws Exception {
    return timeParallel(threads, crops.size(), (from, to) -> {
      for (int i = from; i < to; i += batch) {
        embedder.embed(crops.subList(i, Math.min(to, i + batch)));
      }
    });
  }

  /** A slice of the work: items {@code from} (inclusive) to {@code to} (exclusive). */
  private interface Slice {
    void run(int from, int to);
  }

  private static double timeParallel(int threads, int items, Slice slice) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      long start = System.nanoTime();
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int from = items * t / threads;
        int to = items * (t + 1) / threads;
        parts.add(pool.submit(() -> slice.run(from, to)));
      }
      for (Future<?> part : parts) {
        part.get();
      }
      return (System.nanoTime() - start) / 1e6;
    }
  }
}
