package io.faceengine.models;

import static org.junit.jupiter.api.Assertions.fail;

import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.models.npm.NpmRelease;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real face-api tarball pinned by the project's model manifest, for tests: the one
 * {@code bin/engine setup} cached in {@code models/cache}, else fetched there with {@code npm pack}.
 * Without it a test fails under CI ({@code CI=true}) and is aborted, with the reason, elsewhere.
 */
public final class FaceApiTarball {
  private FaceApiTarball() {}

  /** The manifest's dlib entry, the model face-api's tarball holds. */
  public static ModelSpec embedder() {
    return ModelManifest.load(SharedTestData.projectDir().resolve("models/manifest.json")).model("dlib-resnet-v1");
  }

  public static NpmRelease release() {
    return NpmRelease.of(embedder().source());
  }

  public static Path get() {
    return get(release());
  }

  /** Any npm release the manifest pins, obtained the same way. */
  public static Path get(NpmRelease release) {
    try {
      return DlibModelInstaller.obtainTarball(release, SharedTestData.modelsDir().resolve("cache")).toAbsolutePath();
    } catch (IOException e) {
      String message = "the npm tarball of " + release.spec() + " is needed: " + e.getMessage();
      if (SharedTestData.inCi()) {
        return fail(message, e);
      }
      return Assumptions.abort(message);
    }
  }
}
