package io.faceengine.core.pipeline;

import io.faceengine.core.align.FaceAligner;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.detect.YuNetDetector;
import io.faceengine.core.embed.OnnxFaceEmbedder;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSession;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.model.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a {@link FacePipeline} from the configuration and the model manifest, verifying each model's checksum. */
public final class FacePipelineFactory {
  private static final Logger LOG = LoggerFactory.getLogger(FacePipelineFactory.class);

  private FacePipelineFactory() {}

  /** The pipeline with the configured (or the manifest's default) detector and embedder. */
  public static FacePipeline create(EngineConfig config, ModelManifest manifest) {
    return create(config, manifest, manifest.select(ModelRole.EMBEDDER, config.models().embedder()));
  }

  /** The configured detector alone, for commands that need no embeddings. */
  public static YuNetDetector createDetector(EngineConfig config, ModelManifest manifest) {
    ModelSpec detector = manifest.select(ModelRole.DETECTOR, config.models().detector());
    ModelSession session = ModelSession.open(new ModelStore(config.models().dir()).verified(detector), config.inference());
    LOG.debug("detector {} on {}", detector.id(), session.provider());
    return new YuNetDetector(session.session(), config.detection().toOptions());
  }

  /** An embedder for {@code embedder}, its checksum verified. */
  public static OnnxFaceEmbedder createEmbedder(EngineConfig config, ModelSpec embedder) {
    ModelSession session = ModelSession.open(new ModelStore(config.models().dir()).verified(embedder), config.inference());
    LOG.debug("embedder {} on {}", embedder.id(), session.provider());
    return new OnnxFaceEmbedder(session, embedder, config.inference().batchSize());
  }

  /** The pipeline with the configured detector and the given embedder (e.g. one with another alignment). */
  public static FacePipeline create(EngineConfig config, ModelManifest manifest, ModelSpec embedder) {
    YuNetDetector detector = createDetector(config, manifest);
    try {
      return new FacePipeline(
          new ImageDecoder(config.maxImagePixels()),
          detector,
          new FaceAligner(embedder.alignment(), embedder.input().width(), embedder.input().height()),
          createEmbedder(config, embedder),
          embedder);
    } catch (RuntimeException e) {
      detector.close();
      throw e;
    }
  }
}
