package io.faceengine.core.cli;

import io.faceengine.core.config.EngineConfig;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --model ID}: a command's embedder, instead of {@code engine.models.embedder}. Mixed in with picocli. */
public final class EmbedderOption {
  @Option(names = "--model", paramLabel = "ID",
      description = "Embedder to use, a manifest id (default: engine.models.embedder, else the manifest's default).")
  String model;

  /** The id given, or empty. */
  public Optional<String> id() {
    return Optional.ofNullable(model);
  }

  /** {@code config} with this option's embedder when one was given. */
  public EngineConfig applyTo(EngineConfig config) {
    return config.withEmbedder(id());
  }
}
