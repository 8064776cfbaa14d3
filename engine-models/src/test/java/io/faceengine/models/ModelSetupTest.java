package io.faceengine.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.model.ModelStore;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.models.ModelSetup.Outcome;
import io.faceengine.models.npm.NpmRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSetupTest {
  private static final ModelManifest MANIFEST =
      ModelManifest.load(SharedTestData.projectDir().resolve("models/manifest.json"));

  @TempDir Path dir;
  private final List<String> progress = new ArrayList<>();

  private ModelSetup setup(Path mirror) {
    return new ModelSetup(new ModelStore(dir.resolve("models")), mirror,
        SharedTestData.modelsDir().resolve("cache"), progress::add);
  }

  @Test
  void copiesTheDetectorFromTheMirrorOnceThenLeavesItAlone() throws IOException {
    ModelSpec detector = MANIFEST.defaultModel(ModelRole.DETECTOR);
    Path mirror = SharedTestData.shared("models");
    assertEquals(Outcome.COPIED_FROM_MIRROR, setup(mirror).install(detector));
    assertTrue(new ModelStore(dir.resolve("models")).isInstalled(detector));
    assertEquals(Outcome.ALREADY_INSTALLED, setup(mirror).install(detector));
    assertTrue(progress.stream().anyMatch(line -> line.contains("copying")), progress.toString());
    assertEquals(-1, Files.mismatch(mirror.resolve("LICENSE-yunet.txt"), dir.resolve("models/LICENSE-yunet.txt")),
        "the licence is installed beside the model");
  }

  @Test
  void aMirrorFileWithTheWrongChecksumIsNotInstalled() throws IOException {
    ModelSpec detector = MANIFEST.defaultModel(ModelRole.DETECTOR);
    Path mirror = Files.createDirectories(dir.resolve("bad-mirror"));
    Files.writeString(mirror.resolve(detector.source().mirrorFile()), "not a model");
    IOException e = assertThrows(IOException.class, () -> setup(mirror).install(detector));
    assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains(detector.sha256()), e.getMessage());
    assertFalse(Files.exists(dir.resolve("models").resolve(detector.file())), "nothing is installed");
    try (Stream<Path> left = Files.list(dir.resolve("models"))) {
      assertEquals(List.of(), left.toList(), "no partial file is left behind");
    }
  }

  @Test
  void convertsTheEmbedderFromItsNpmReleaseToTheManifestChecksum() throws IOException {
    FaceApiTarball.get(); // cached by an earlier setup or fetched now; fails under CI when npm is missing
    ModelSpec embedder = MANIFEST.model("dlib-resnet-v1");
    assertEquals(Outcome.CONVERTED, setup(dir.resolve("no-mirror")).install(embedder));
    assertEquals(embedder.sha256(), ModelStore.sha256(dir.resolve("models").resolve(embedder.file())));
    assertTrue(Files.readString(dir.resolve("models/LICENSE-vladmandic-face-api-1.7.15.txt")).contains("MIT"));
  }

  @Test
  void extractsTheMobileFaceNetFromItsNpmReleaseWithADynamicBatchAxisToTheManifestChecksum() throws IOException {
    ModelSpec embedder = MANIFEST.model("faceplugin-mobilefacenet");
    FaceApiTarball.get(NpmRelease.of(embedder.source()));
    assertEquals(Outcome.EXTRACTED, setup(dir.resolve("no-mirror")).install(embedder));
    assertEquals(embedder.sha256(), ModelStore.sha256(dir.resolve("models").resolve(embedder.file())));
    assertTrue(progress.stream().anyMatch(line -> line.contains("batch axis fixed to 1 made dynamic")), progress.toString());
    assertTrue(progress.stream().anyMatch(line -> line.contains("a batch of 2 gives the same embeddings")),
        progress.toString());
    assertTrue(Files.readString(dir.resolve("models/LICENSE-faceplugin-face-recognition-js-0.0.1.txt"))
        .startsWith("MIT License"));
  }
}
