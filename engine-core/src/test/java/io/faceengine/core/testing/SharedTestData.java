package io.faceengine.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates what tests need from outside the repository: {@code ../shared} (LFW, YuNet) and the
 * models that {@code bin/engine setup} puts in {@code models/}. When something is missing the test
 * fails under CI ({@code CI=true}) and is reported as aborted, with the reason, elsewhere.
 */
public final class SharedTestData {
  private SharedTestData() {}

  /** The project root, as set by surefire, or the working directory's nearest ancestor with a pom. */
  public static Path projectDir() {
    String prop = System.getProperty("faceengine.project.dir");
    if (prop != null) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir.getParent() != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  public static Path sharedDir() {
    String prop = System.getProperty("faceengine.shared.dir");
    return (prop != null ? Path.of(prop) : projectDir().resolve("../shared")).toAbsolutePath().normalize();
  }

  public static Path modelsDir() {
    String prop = System.getProperty("faceengine.models.dir");
    return (prop != null ? Path.of(prop) : projectDir().resolve("models")).toAbsolutePath().normalize();
  }

  /** A file or folder under {@code ../shared}, e.g. {@code data/lfw} or {@code models/yunet_n_dynamic.onnx}. */
  public static Path shared(String relative) {
    return require(sharedDir().resolve(relative), "the shared test data folder ../shared (see its README) is needed");
  }

  /** The LFW folder: one sub-folder per person plus pairs.txt. */
  public static Path lfw() {
    return shared("data/lfw");
  }

  /** One LFW image, e.g. {@code lfw("Tara_Reid", 1)} for Tara_Reid/Tara_Reid_0001.jpg. */
  public static Path lfw(String person, int number) {
    return require(lfw().resolve(person).resolve(String.format(java.util.Locale.ROOT, "%s_%04d.jpg", person, number)), "an LFW image is needed");
  }

  /** Copies images 1..{@code images} of {@code person} into {@code root/person} (a labelled folder, as ingest reads them). */
  public static void copyLfw(String person, int images, Path root) throws java.io.IOException {
    Path folder = Files.createDirectories(root.resolve(person));
    for (int i = 1; i <= images; i++) {
      Path image = lfw(person, i);
      Files.copy(image, folder.resolve(image.getFileName()));
    }
  }

  /** A model file that {@code bin/engine setup} installs in {@code models/}. */
  public static Path model(String fileName) {
    return require(modelsDir().resolve(fileName), "run `bin/engine setup` first to obtain the models");
  }

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The path, when it exists; else the test fails under CI and is aborted elsewhere, saying why it is needed. */
  public static Path require(Path path, String why) {
    if (!Files.exists(path)) {
      String message = "missing " + path + ": " + why;
      if (inCi()) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return path;
  }
}
