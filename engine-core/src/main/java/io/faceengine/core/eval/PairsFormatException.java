package io.faceengine.core.eval;

import java.io.IOException;
import java.nio.file.Path;

/** An LFW pairs file that does not follow the format; the message names the file and the 1-based line. */
public final class PairsFormatException extends IOException {
  private final Path file;
  private final int line;

  public PairsFormatException(Path file, int line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** The 1-based line number of the offending line. */
  public int line() {
    return line;
  }
}
