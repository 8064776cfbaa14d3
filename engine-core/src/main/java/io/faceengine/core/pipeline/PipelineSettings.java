package io.faceengine.core.pipeline;

import io.faceengine.core.config.DetectionConfig;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.InferenceOptions;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.quality.QualityLimits;
import java.io.Serializable;

/**
 * Everything needed to build a {@link FacePipeline}, resolved on the driver and small enough to
 * ship to Spark executors: the chosen models' manifest entries and the settings, no file paths
 * other than the models directory (executors may find the files elsewhere, e.g. shipped with the job).
 */
public record PipelineSettings(ModelSpec detector, ModelSpec embedder, String modelsDir, InferenceOptions inference,
    DetectionConfig detection, long maxImagePixels, ModelSpec secondPassDetector, QualityLimits quality)
    implements Serializable {

  public static PipelineSettings of(EngineConfig config, ModelManifest manifest) {
    return new PipelineSettings(
        manifest.select(ModelRole.DETECTOR, config.models().detector()),
        manifest.select(ModelRole.EMBEDDER, config.models().embedder()),
        config.models().dir().toString(),
        config.inference(),
        config.detection(),
        config.maxImagePixels(),
        secondPassDetector(config, manifest),
        config.quality().limits());
  }

  /** The second detection pass's model: none when the pass is off, the first pass's when none is named. */
  private static ModelSpec secondPassDetector(EngineConfig config, ModelManifest manifest) {
    DetectionConfig.SecondPass second = config.detection().secondPass();
    if (!second.enabled()) {
      return null;
    }
    return manifest.select(ModelRole.DETECTOR,
        second.detector().isEmpty() ? config.models().detector() : java.util.Optional.of(second.detector()));
  }

  public PipelineSettings withEmbedder(ModelSpec other) {
    return new PipelineSettings(detector, other, modelsDir, inference, detection, maxImagePixels, secondPassDetector,
        quality);
  }

  public PipelineSettings withIntraOpThreads(int threads) {
    return new PipelineSettings(detector, embedder, modelsDir, inference.withIntraOpThreads(threads), detection,
        maxImagePixels, secondPassDetector, quality);
  }
}
