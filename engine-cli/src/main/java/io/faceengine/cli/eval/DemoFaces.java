package io.faceengine.cli.eval;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import java.nio.file.Path;

/**
 * Where the demo ingests LFW and the evaluations look for it by default: {@code reports/demo/<embedder
 * id>} under the engine's home. One folder per model, because a generation indexes one model's
 * faces: switching {@code engine.models.embedder} then starts a fresh folder instead of mixing models.
 */
public final class DemoFaces {
  private DemoFaces() {}

  /** The configured embedder's id (the manifest's default when the configuration names none). */
  public static String embedderId(EngineConfig config) {
    return ModelManifest.load(config.models().manifest()).select(ModelRole.EMBEDDER, config.models().embedder()).id();
  }

  /** The demo's ingest output for faces of {@code embedderId}. */
  public static Path of(EngineConfig config, String embedderId) {
    return config.home().resolve("reports/demo").resolve(embedderId);
  }
}
