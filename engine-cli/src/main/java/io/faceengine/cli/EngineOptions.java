package io.faceengine.cli;

import io.faceengine.core.cli.ConfigOption;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/** Options every subcommand shares: where the configuration comes from. Mixed into each command. */
public final class EngineOptions {
  @Mixin ConfigOption configOption;

  private EngineConfig config;
  private ModelManifest manifest;

  public EngineConfig config() {
    if (config == null) {
      config = configOption.config();
    }
    return config;
  }

  /** The --config given, or null. */
  public Path configFile() {
    return configOption.file();
  }

  public ModelManifest manifest() {
    if (manifest == null) {
      manifest = ModelManifest.load(config().models().manifest());
    }
    return manifest;
  }
}
