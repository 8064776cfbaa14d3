package io.faceengine.models;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code @vladmandic/face-api} tarball for tests, fetched once with {@code npm pack} into
 * {@code target/npm-cache}. Without it a test fails under CI ({@code CI=true}) and is aborted,
 * with the reason, elsewhere.
 */
public final class FaceApiTarball {
  private static final Path CACHE = Path.of("target", "npm-cache");

  private FaceApiTarball() {}

  public static Path get() {
    try {
      return DlibModelInstaller.obtainTarball(CACHE).toAbsolutePath();
    } catch (IOException e) {
      String message = "the npm tarball of " + DlibModelInstaller.PACKAGE_SPEC + " is needed: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        return fail(message, e);
      }
      return Assumptions.abort(message);
    }
  }
}
