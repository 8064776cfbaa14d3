package io.faceengine.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {
  private static final String DEFAULT_EMBEDDER = "faceplugin-mobilefacenet";
  private static final Path PROJECT_MANIFEST = SharedTestData.projectDir().resolve("models/manifest.json");

  @TempDir Path dir;

  @Test
  void theProjectManifestIsValidAndNamesItsDefaults() {
    ModelManifest manifest = ModelManifest.load(PROJECT_MANIFEST);
    ModelSpec detector = manifest.defaultModel(ModelRole.DETECTOR);
    ModelSpec embedder = manifest.defaultModel(ModelRole.EMBEDDER);
    assertEquals("yunet-n", detector.id());
    assertEquals(DEFAULT_EMBEDDER, embedder.id(), "the embedder with the best open-set accuracy measured");
    ModelSpec mobileFaceNet = manifest.model("faceplugin-mobilefacenet");
    assertEquals(512, mobileFaceNet.outputDimension());
    assertEquals(DistanceMetric.COSINE, mobileFaceNet.metric());
    assertEquals(112, mobileFaceNet.input().width());
    assertTrue(mobileFaceNet.input().rgb());
    assertEquals(ModelSource.NPM_ONNX, mobileFaceNet.source().type());
    assertTrue(mobileFaceNet.trainingData().contains("unknown"), "the unknown training data is stated plainly");
    ModelSpec dlib = manifest.model("dlib-resnet-v1");
    assertEquals(128, dlib.outputDimension());
    assertEquals(DistanceMetric.EUCLIDEAN, dlib.metric());
    assertEquals(150, dlib.input().width());
    assertEquals(embedder, manifest.select(ModelRole.EMBEDDER, Optional.empty()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> manifest.select(ModelRole.EMBEDDER, Optional.of("yunet-n")));
    assertTrue(e.getMessage().contains("is a DETECTOR"), e.getMessage());
  }

  @Test
  void unknownFieldsAndIdsAreRejectedByName() throws IOException {
    String json = Files.readString(PROJECT_MANIFEST);
    Path typo = write(json.replace("\"threshold\"", "\"treshold\""));
    Exception e = assertThrows(Exception.class, () -> ModelManifest.load(typo));
    assertTrue(e.getMessage().contains("treshold") && e.getMessage().contains(typo.toString()), e.getMessage());

    ModelManifest manifest = ModelManifest.load(PROJECT_MANIFEST);
    e = assertThrows(IllegalArgumentException.class, () -> manifest.model("arcface"));
    assertTrue(e.getMessage().contains("arcface") && e.getMessage().contains("dlib-resnet-v1"), e.getMessage());
  }

  @Test
  void invalidEntriesAreRejectedWithTheModelAndField() throws IOException {
    String json = Files.readString(PROJECT_MANIFEST);
    assertRejected(json.replace("\"colorOrder\": \"RGB\"", "\"colorOrder\": \"RGBA\""), "colorOrder");
    assertRejected(json.replace("eb2367cc0f0fb87346d4176a0dd81e3e00b1775be20db09fcc71cd9146166e16", "abc"), "sha256");
    assertRejected(json.replace("\"method\": \"SIMILARITY\"", "\"method\": \"MAGIC\""), "alignment method");
    assertRejected(json.replace("\"EMBEDDER\": \"" + DEFAULT_EMBEDDER + "\"", "\"EMBEDDER\": \"yunet-n\""),
        "is a DETECTOR");
    assertRejected(json.replace("\"outputDimension\": 128", "\"outputDimension\": 0"), "outputDimension");
  }

  @Test
  void alignmentTemplatesCanBeNamed() throws IOException {
    String json = Files.readString(PROJECT_MANIFEST);
    ModelSpec dlib = ModelManifest.load(PROJECT_MANIFEST).model("dlib-resnet-v1");
    int start = json.indexOf("\"template\": [");
    String named = json.substring(0, start) + "\"template\": \"dlib-150\""
        + json.substring(json.indexOf("]\n        ],", start) + "]\n        ]".length());
    assertEquals(dlib.alignment(), ModelManifest.load(write(named)).model("dlib-resnet-v1").alignment(),
        "the name stands for the same five points");

    ModelSpec arcface = ModelManifest.load(write(named.replace("\"dlib-150\"", "\"arcface-112\"")))
        .model("dlib-resnet-v1");
    assertEquals(38.2946f / 112, arcface.alignment().template().get(0).get(0), 1e-6f);
    assertEquals(92.2041f / 112, arcface.alignment().template().get(4).get(1), 1e-6f);
    assertRejected(named.replace("\"dlib-150\"", "\"arcface-96\""), "unknown alignment template 'arcface-96'");
  }

  private void assertRejected(String json, String expected) throws IOException {
    Path file = write(json);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelManifest.load(file));
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  private Path write(String json) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "manifest", ".json"), json);
  }
}
