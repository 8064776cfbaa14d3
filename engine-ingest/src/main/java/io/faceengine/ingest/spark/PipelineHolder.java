package io.faceengine.ingest.spark;

import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.model.ModelStore;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.spark.ShippedFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One face pipeline per executor JVM and settings, shared by every task of that JVM (the pipeline is
 * thread-safe), so models are loaded once per executor, not per task or row. Model files are taken
 * from those shipped with the job ({@code --files}) when present, else from the configured models
 * directory (a path every executor can read). Pipelines live as long as the JVM.
 */
final class PipelineHolder {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineHolder.class);
  private static final ConcurrentMap<PipelineSettings, FacePipeline> PIPELINES = new ConcurrentHashMap<>();

  private PipelineHolder() {}

  static FacePipeline get(PipelineSettings settings) {
    return PIPELINES.computeIfAbsent(settings, PipelineHolder::load);
  }

  /** The embedder's file, or its components' for a fusion. */
  private static String embedderFiles(PipelineSettings settings, ModelStore store) {
    ModelSpec embedder = settings.embedder();
    return embedder.isFusion()
        ? embedder.fusion().components().stream().map(c -> store.path(c.spec()).toString()).toList().toString()
        : store.path(embedder).toString();
  }

  private static FacePipeline load(PipelineSettings settings) {
    Path configured = Path.of(settings.modelsDir());
    ModelStore store = ShippedFiles.root()
        .map(shipped -> new ModelStore(List.of(shipped, configured)))
        .orElseGet(() -> new ModelStore(configured));
    FacePipeline pipeline = FacePipelineFactory.create(settings, store);
    LOG.info("loaded models: detector {} from {}, embedder {} from {}", settings.detector().id(),
        store.path(settings.detector()), settings.embedder().id(), embedderFiles(settings, store));
    return pipeline;
  }
}
