package io.faceengine.core.pipeline;

import io.faceengine.core.align.FaceAligner;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.detect.DetectorOptions;
import io.faceengine.core.detect.FaceDetector;
import io.faceengine.core.detect.SecondPassDetector;
import io.faceengine.core.detect.YuNetDetector;
import io.faceengine.core.embed.OnnxFaceEmbedder;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.model.InputSpec;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelSession;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.model.ModelStore;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the pipeline and its parts from resolved settings, verifying each model's checksum before loading it. */
public final class FacePipelineFactory {
  private static final Logger LOG = LoggerFactory.getLogger(FacePipelineFactory.class);

  private FacePipelineFactory() {}

  /** The pipeline with the configured (or the manifest's default) detector and embedder. */
  public static FacePipeline create(EngineConfig config, ModelManifest manifest) {
    return create(PipelineSettings.of(config, manifest));
  }

  /** The pipeline with the configured detector and the given embedder (e.g. one with another alignment). */
  public static FacePipeline create(EngineConfig config, ModelManifest manifest, ModelSpec embedder) {
    return create(PipelineSettings.of(config, manifest).withEmbedder(embedder));
  }

  /** The pipeline with the models found in the settings' models directory. */
  public static FacePipeline create(PipelineSettings settings) {
    return create(settings, new ModelStore(Path.of(settings.modelsDir())));
  }

  /** The pipeline with the models found in {@code store}. */
  public static FacePipeline create(PipelineSettings settings, ModelStore store) {
    FaceDetector detector = createDetector(settings, store);
    try {
      ModelSpec embedder = settings.embedder();
      return new FacePipeline(
          new ImageDecoder(settings.maxImagePixels()),
          detector,
          new FaceAligner(embedder.alignment(), embedder.input().width(), embedder.input().height()),
          createEmbedder(settings, store),
          embedder,
          settings.quality());
    } catch (RuntimeException e) {
      detector.close();
      throw e;
    }
  }

  /** The configured detector alone (with its second pass when enabled), for commands that need no embeddings. */
  public static FaceDetector createDetector(EngineConfig config, ModelManifest manifest) {
    PipelineSettings settings = PipelineSettings.of(config, manifest);
    return createDetector(settings, new ModelStore(Path.of(settings.modelsDir())));
  }

  /** An embedder for the settings' embedder, found in the settings' models directory. */
  public static OnnxFaceEmbedder createEmbedder(PipelineSettings settings) {
    return createEmbedder(settings, new ModelStore(Path.of(settings.modelsDir())));
  }

  private static FaceDetector createDetector(PipelineSettings settings, ModelStore store) {
    YuNetDetector first = createYuNet(settings.detector(), settings.detection().toOptions(), settings, store);
    if (settings.secondPassDetector() == null) {
      return first;
    }
    try {
      YuNetDetector second = createYuNet(settings.secondPassDetector(), settings.detection().secondPassOptions(), settings,
          store);
      return new SecondPassDetector(first, second, settings.detection().secondPass().upscale(), first.options());
    } catch (RuntimeException e) {
      first.close();
      throw e;
    }
  }

  /** A YuNet detector for a manifest entry, its checksum verified. */
  public static YuNetDetector createYuNet(ModelSpec model, DetectorOptions options, PipelineSettings settings,
      ModelStore store) {
    checkYuNetInput(model);
    ModelSession session = ModelSession.open(store.verified(model), settings.inference());
    LOG.debug("detector {} on {}", model.id(), session.provider());
    return new YuNetDetector(session.session(), options);
  }

  /** The detector code is YuNet's: a manifest entry asking for another input convention would be silently ignored. */
  private static void checkYuNetInput(ModelSpec detector) {
    InputSpec in = detector.input();
    boolean yunet = in.channelsFirst() && !in.rgb() && in.sizeMultiple() == 32
        && in.mean().stream().allMatch(v -> v == 0f) && in.std().stream().allMatch(v -> v == 1f);
    if (!yunet) {
      throw new IllegalArgumentException("detector " + detector.id() + ": the engine's detector implements YuNet's"
          + " input (NCHW, BGR, 0..255, no mean/std, sizes in multiples of 32), but the manifest says " + in);
    }
  }

  private static OnnxFaceEmbedder createEmbedder(PipelineSettings settings, ModelStore store) {
    ModelSession session = ModelSession.open(store.verified(settings.embedder()), settings.inference());
    LOG.debug("embedder {} on {}", settings.embedder().id(), session.provider());
    return new OnnxFaceEmbedder(session, settings.embedder(), settings.inference().batchSize());
  }
}
