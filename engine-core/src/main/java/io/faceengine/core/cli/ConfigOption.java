package io.faceengine.core.cli;

import io.faceengine.core.config.EngineConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option, declared once: mixed into every command that reads the configuration. */
public final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration overriding conf/engine.conf (default: $ENGINE_CONFIG, else none).")
  Path file;

  /** The engine configuration: --config FILE, else $ENGINE_CONFIG, over the defaults. */
  public EngineConfig config() {
    return EngineConfig.forCommand(file);
  }

  /** The --config given, or null. */
  public Path file() {
    return file;
  }
}
