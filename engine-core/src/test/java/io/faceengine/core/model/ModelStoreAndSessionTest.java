package io.faceengine.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreAndSessionTest {
  private static final ModelManifest MANIFEST =
      ModelManifest.load(SharedTestData.projectDir().resolve("models/manifest.json"));

  @TempDir Path dir;

  @Test
  void aMissingOrAlteredModelIsNotHandedOut() throws IOException {
    ModelSpec detector = MANIFEST.defaultModel(ModelRole.DETECTOR);
    ModelStore store = new ModelStore(dir);
    ModelNotReadyException missing = assertThrows(ModelNotReadyException.class, () -> store.verified(detector));
    assertTrue(missing.getMessage().contains("bin/engine setup"), missing.getMessage());

    Files.write(store.path(detector), Files.readAllBytes(SharedTestData.shared("models/yunet_n_dynamic.onnx")));
    assertTrue(store.isInstalled(detector));
    assertEquals(store.path(detector), store.verified(detector));

    Files.write(store.path(detector), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    assertFalse(store.isInstalled(detector));
    ModelNotReadyException altered = assertThrows(ModelNotReadyException.class, () -> store.verified(detector));
    assertTrue(altered.getMessage().contains(detector.sha256()), altered.getMessage());
  }

  /** No GPU here: asking for CUDA must still give a working session, on the CPU. */
  @Test
  void cudaFallsBackToCpu() throws Exception {
    Path model = SharedTestData.shared("models/yunet_n_dynamic.onnx");
    InferenceOptions cuda = InferenceOptions.defaults().withProvider(ExecutionProvider.CUDA).withIntraOpThreads(1);
    try (ModelSession session = ModelSession.open(model, cuda)) {
      assertEquals(ExecutionProvider.CPU, session.provider());
      assertFalse(session.session().getInputNames().isEmpty());
    }
  }

  @Test
  void aFileThatIsNotAModelFailsWithItsPath() throws IOException {
    Path notAModel = Files.writeString(dir.resolve("fake.onnx"), "hello");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ModelSession.open(notAModel, InferenceOptions.defaults()));
    assertTrue(e.getMessage().contains(notAModel.toString()), e.getMessage());
  }
}
