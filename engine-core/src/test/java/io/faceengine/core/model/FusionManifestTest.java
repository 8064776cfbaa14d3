package io.faceengine.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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

/** A fused embedder's manifest entry: resolved against its components, and refused with the reason when wrong. */
class FusionManifestTest {
  static final String FUSION = "fusion-mobilefacenet-dlib";
  private static final Path PROJECT_MANIFEST = SharedTestData.projectDir().resolve("models/manifest.json");
  private static final String COMPONENTS = """
          { "model": "faceplugin-mobilefacenet", "weight": 0.7 },
          { "model": "dlib-resnet-v1", "weight": 0.3 }""";

  @TempDir Path dir;

  @Test
  void theProjectsFusionIsResolvedToItsComponents() {
    ModelManifest manifest = ModelManifest.load(PROJECT_MANIFEST);
    ModelSpec fusion = manifest.select(ModelRole.EMBEDDER, Optional.of(FUSION));
    assertTrue(fusion.isFusion());
    assertEquals(640, fusion.outputDimension());
    assertEquals(DistanceMetric.COSINE, fusion.metric());
    assertEquals(2, fusion.fusion().components().size());
    assertSame(manifest.model("faceplugin-mobilefacenet"), fusion.fusion().components().get(0).spec());
    assertSame(manifest.model("dlib-resnet-v1"), fusion.fusion().components().get(1).spec());
    assertArrayEquals(new double[] {0.5, 0.5}, fusion.fusion().weights(), 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fusion.withAlignment(manifest.model("dlib-resnet-v1").alignment()));
    assertTrue(e.getMessage().contains("is a fusion of [faceplugin-mobilefacenet, dlib-resnet-v1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ModelStore(dir).verified(fusion));
    assertTrue(e.getMessage().contains(FUSION + " is a fusion: it has no file of its own"), e.getMessage());
  }

  @Test
  void aMissingComponentIsNamedWithTheKnownModels() throws IOException {
    IllegalArgumentException e = rejected(withComponents(COMPONENTS.replace("\"dlib-resnet-v1\"", "\"sface\"")));
    assertTrue(e.getMessage().contains("fusion " + FUSION + ": component 'sface' is not in the manifest")
        && e.getMessage().contains("dlib-resnet-v1"), e.getMessage());
  }

  @Test
  void aComponentThatIsItselfAFusionIsRefused() throws IOException {
    String json = withComponents(COMPONENTS);
    String nested = json.replace("\"id\": \"" + FUSION + "\"", "\"id\": \"inner\"");
    int entry = nested.lastIndexOf("    {\n      \"id\": \"inner\"");
    String outer = nested.substring(entry, nested.lastIndexOf("\n  ]"))
        .replace("\"id\": \"inner\"", "\"id\": \"outer\"")
        .replace("\"model\": \"dlib-resnet-v1\"", "\"model\": \"inner\"");
    String both = nested.substring(0, nested.lastIndexOf("\n  ]")) + ",\n" + outer + "\n  ]\n}\n";
    IllegalArgumentException e = rejected(both);
    assertTrue(e.getMessage().contains("fusion outer: component inner is itself a fusion"), e.getMessage());
  }

  @Test
  void badFusionFieldsAreRefusedByName() throws IOException {
    assertTrue(rejected(withComponents(COMPONENTS.replace("0.3", "0.4"))).getMessage()
        .contains("weights must sum to 1, got 1.1"));
    assertTrue(rejected(withComponents(COMPONENTS.replace("\"dlib-resnet-v1\", \"weight\": 0.3",
        "\"yunet-n\", \"weight\": 0.3"))).getMessage().contains("component yunet-n is a DETECTOR"));
    String json = withComponents(COMPONENTS);
    assertTrue(rejected(json.replace("\"outputDimension\": 640", "\"outputDimension\": 512")).getMessage()
        .contains("outputDimension must be the sum of its components' dimensions, 640, got 512"));
    int fusion = json.indexOf("\"id\": \"" + FUSION + "\"");
    String euclidean = json.substring(0, fusion) + json.substring(fusion).replace("\"COSINE\"", "\"EUCLIDEAN\"");
    assertTrue(rejected(euclidean).getMessage().contains("metric must be COSINE"));
    String withFile = json.substring(0, fusion) + "\"file\": \"fused.onnx\", " + json.substring(fusion);
    assertTrue(rejected(withFile).getMessage().contains("a fusion has no file"));
    assertTrue(rejected(withComponents("{ \"model\": \"dlib-resnet-v1\", \"weight\": 1 }")).getMessage()
        .contains("at least two embedders"));
  }

  @Test
  void aFusionNeedNotBeTheLastEntry() throws IOException {
    String json = Files.readString(PROJECT_MANIFEST);
    int fusionStart = json.lastIndexOf(",\n    {\n      \"id\": \"" + FUSION + "\"");
    int fusionEnd = json.lastIndexOf("\n  ]");
    String fusion = json.substring(fusionStart + 2, fusionEnd);
    String reordered = (json.substring(0, fusionStart) + json.substring(fusionEnd))
        .replace("\"models\": [\n", "\"models\": [\n" + fusion + ",\n");
    assertTrue(reordered.indexOf(FUSION) < reordered.indexOf("\"id\": \"dlib-resnet-v1\""));
    ModelManifest manifest = ModelManifest.load(write(reordered));
    assertNotEquals(null, manifest.model(FUSION).fusion().components().get(1).spec());
  }

  /** The project's manifest with the fusion's components replaced. */
  private static String withComponents(String components) throws IOException {
    String json = Files.readString(PROJECT_MANIFEST);
    int start = json.indexOf("\"components\": [", json.indexOf("\"id\": \"" + FUSION + "\"")) + "\"components\": [".length();
    int end = json.indexOf("]", start);
    return json.substring(0, start) + "\n" + components + "\n        " + json.substring(end);
  }

  private IllegalArgumentException rejected(String json) throws IOException {
    Path path = write(json);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelManifest.load(path));
    assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    return e;
  }

  private Path write(String json) throws IOException {
    Path path = dir.resolve("manifest-" + System.nanoTime() + ".json");
    Files.writeString(path, json);
    return path;
  }
}
