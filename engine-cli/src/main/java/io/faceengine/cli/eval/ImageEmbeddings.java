package io.faceengine.cli.eval;

import io.faceengine.cli.ProgressMeter;
import io.faceengine.core.pipeline.FaceAnalysis;
import io.faceengine.core.pipeline.FacePipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedding of each image's subject (its central face), computed on a pool of threads sharing
 * one pipeline. Images without a face or that fail to decode map to empty, and are counted.
 */
public final class ImageEmbeddings {
  private final Map<Path, Optional<float[]>> embeddings;
  private final int noFace;
  private final int failed;
  private final double imagesPerSecond;

  private ImageEmbeddings(Map<Path, Optional<float[]>> embeddings, int noFace, int failed, double imagesPerSecond) {
    this.embeddings = embeddings;
    this.noFace = noFace;
    this.failed = failed;
    this.imagesPerSecond = imagesPerSecond;
  }

  public static ImageEmbeddings compute(FacePipeline pipeline, List<Path> images, int threads, PrintStream console) {
    Map<Path, Optional<float[]>> out = new ConcurrentHashMap<>();
    AtomicInteger noFace = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ProgressMeter progress = new ProgressMeter("embedded images", images.size(), console);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<Void>> tasks = images.stream().map(image -> pool.<Void>submit(() -> {
        try {
          Optional<float[]> embedding = pipeline.analyze(image).centralFace().map(FaceAnalysis::embedding);
          if (embedding.isEmpty()) {
            noFace.incrementAndGet();
          }
          out.put(image, embedding);
        } catch (IOException | RuntimeException e) {
          console.println("skipped " + image + ": " + e.getMessage());
          failed.incrementAndGet();
          out.put(image, Optional.empty());
        }
        progress.step();
        return null;
      })).toList();
      for (Future<Void> task : tasks) {
        task.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding images", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("embedding failed: " + e.getCause().getMessage(), e.getCause());
    }
    console.println(progress.finish());
    return new ImageEmbeddings(Map.copyOf(out), noFace.get(), failed.get(), progress.perSecond());
  }

  public Optional<float[]> get(Path image) {
    Optional<float[]> e = embeddings.get(image);
    if (e == null) {
      throw new IllegalArgumentException("no embedding was computed for " + image);
    }
    return e;
  }

  public int images() {
    return embeddings.size();
  }

  public int withoutFace() {
    return noFace;
  }

  public int failed() {
    return failed;
  }

  public double imagesPerSecond() {
    return imagesPerSecond;
  }
}
