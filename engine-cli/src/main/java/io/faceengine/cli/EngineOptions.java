package io.faceengine.cli;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand shares: where the configuration comes from. Mixed into each command. */
public final class EngineOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration overriding conf/engine.conf (default: $ENGINE_CONFIG, else none).")
  Path configFile;

  private EngineConfig config;
  private ModelManifest manifest;

  public EngineConfig config() {
    if (config == null) {
      config = EngineConfig.forCommand(configFile);
    }
    return config;
  }

  public ModelManifest manifest() {
    if (manifest == null) {
      manifest = ModelManifest.load(config().models().manifest());
    }
    return manifest;
  }
}
