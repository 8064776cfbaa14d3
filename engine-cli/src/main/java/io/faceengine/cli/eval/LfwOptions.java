package io.faceengine.cli.eval;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where LFW is and how hard to work on it; shared by the LFW evaluations. */
public final class LfwOptions {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${ENGINE_LFW_DIR:-../shared/data/lfw}",
      description = "LFW folder: one sub-folder per person plus the pairs files (default: ${DEFAULT-VALUE}, relative"
          + " to the engine's home).")
  Path data;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  /** The data folder, resolved against the engine's home, checked to exist. */
  public Path dataDir(Path home) {
    Path dir = home.resolve(data).normalize();
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new IllegalArgumentException("LFW folder " + dir + " does not exist; pass --data DIR");
    }
    return dir;
  }

  public int threads() {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
    }
    return threads;
  }
}
