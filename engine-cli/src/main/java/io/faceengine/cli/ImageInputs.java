package io.faceengine.cli;

import io.faceengine.core.cli.CommandFailures;
import io.faceengine.core.image.InvalidImageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Runs an action on each input image, reporting a bad one on stderr and going on with the rest. */
final class ImageInputs {
  /** What to do with one image. */
  interface Action {
    void accept(Path image) throws IOException;
  }

  private ImageInputs() {}

  /** @return how many inputs failed */
  static int forEach(Iterable<Path> images, String command, Action action) {
    int failed = 0;
    for (Path image : images) {
      try {
        action.accept(image);
      } catch (InvalidImageException | IOException | UncheckedIOException e) {
        System.err.println("engine " + command + ": " + CommandFailures.describe(e));
        failed++;
      } catch (RuntimeException e) {
        // Anything else is still about this one image (a native error, a model failure): report it, go on.
        System.err.println("engine " + command + ": " + image + ": " + e);
        failed++;
      }
    }
    return failed;
  }
}
