package io.faceengine.core.pipeline;

import io.faceengine.core.align.FaceAligner;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.detect.DetectorOptions;
import io.faceengine.core.detect.FaceDetector;
import io.faceengine.core.detect.SecondPassDetector;
import io.faceengine.core.detect.YuNetDetector;
import io.faceengine.core.embed.FaceEncoder;
import io.faceengine.core.embed.OnnxFaceEmbedder;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.model.FusionSpec;
import io.faceengine.core.model.InputSpec;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelSession;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.model.ModelStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      return new FacePipeline(
          new ImageDecoder(settings.maxImagePixels()),
          detector,
          createEncoder(settings, store),
          settings.embedder(),
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

  /** An embedder for the settings' embedder (a single model, not a fusion), found in the settings' models directory. */
  public static OnnxFaceEmbedder createEmbedder(PipelineSettings settings) {
    return createEmbedder(settings.embedder(), settings, new ModelStore(Path.of(settings.modelsDir())));
  }

  /** The settings' embedder with its alignment: one model, or each component of a fusion. */
  private static FaceEncoder createEncoder(PipelineSettings settings, ModelStore store) {
    ModelSpec embedder = settings.embedder();
    if (!embedder.isFusion()) {
      return new FaceEncoder(aligner(embedder), createEmbedder(embedder, settings, store));
    }
    List<FaceEncoder.Part> parts = new ArrayList<>();
    try {
      for (FusionSpec.Component component : embedder.fusion().components()) {
        parts.add(new FaceEncoder.Part(aligner(component.spec()), createEmbedder(component.spec(), settings, store)));
      }
    } catch (RuntimeException e) {
      parts.forEach(part -> part.embedder().close());
      throw e;
    }
    return new FaceEncoder(parts, embedder.fusion().weights());
  }

  private static FaceAligner aligner(ModelSpec embedder) {
    return new FaceAligner(embedder.alignment(), embedder.input().width(), embedder.input().height());
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

  private static OnnxFaceEmbedder createEmbedder(ModelSpec embedder, PipelineSettings settings, ModelStore store) {
    if (embedder.isFusion()) {
      throw new IllegalArgumentException("model " + embedder.id() + " is a fusion; this needs a single model: choose"
          + " one of its components " + embedder.fusion().components().stream().map(FusionSpec.Component::model).toList());
    }
    ModelSession session = ModelSession.open(store.verified(embedder), settings.inference());
    LOG.debug("embedder {} on {}", embedder.id(), session.provider());
    return new OnnxFaceEmbedder(session, embedder, settings.inference().batchSize());
  }
}
