package io.faceengine.ingest.spark;

import io.faceengine.core.model.ModelStore;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import io.faceengine.core.pipeline.PipelineSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.spark.SparkFiles;

/**
 * One face pipeline per executor JVM and settings, shared by every task of that JVM (the pipeline is
 * thread-safe), so models are loaded once per executor, not per task or row. Model files are taken
 * from those shipped with the job ({@code --files}) when present, else from the configured models
 * directory (a path every executor can read). Pipelines live as long as the JVM.
 */
final class PipelineHolder {
  private static final ConcurrentMap<PipelineSettings, FacePipeline> PIPELINES = new ConcurrentHashMap<>();

  private PipelineHolder() {}

  static FacePipeline get(PipelineSettings settings) {
    return PIPELINES.computeIfAbsent(settings, s -> FacePipelineFactory.create(s, store(s)));
  }

  private static ModelStore store(PipelineSettings settings) {
    Path configured = Path.of(settings.modelsDir());
    String shipped = sparkFilesRoot();
    return shipped == null ? new ModelStore(configured) : new ModelStore(List.of(Path.of(shipped), configured));
  }

  /** Where files shipped with {@code --files} land on this executor; null outside a Spark task. */
  private static String sparkFilesRoot() {
    try {
      return SparkFiles.getRootDirectory();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
