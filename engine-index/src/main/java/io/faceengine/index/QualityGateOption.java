package io.faceengine.index;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.quality.QualityLimits;
import picocli.CommandLine.Option;

/** {@code --include-low-quality}, shared by the commands that enrol faces: build, update, rebuild. */
final class QualityGateOption {
  @Option(names = "--include-low-quality", negatable = false,
      description = "Enrol faces of low quality too (flagged quality_ok = false at ingest, or breaking the limits of"
          + " engine.quality); by default they are left out and the plan says how many.")
  boolean includeLowQuality;

  /** The gate faces must pass to be enrolled; null when every face is. */
  QualityLimits gate(EngineConfig config) {
    return includeLowQuality ? null : config.quality().limits();
  }
}
