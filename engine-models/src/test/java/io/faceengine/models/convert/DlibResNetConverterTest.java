package io.faceengine.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.models.DlibModelInstaller;
import io.faceengine.models.FaceApiTarball;
import io.faceengine.models.SyntheticInputs;
import io.faceengine.models.npm.NpmTarball;
import io.faceengine.models.tfjs.TfjsTensor;
import io.faceengine.models.tfjs.TfjsWeightsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converts the real face-api release and checks it against face-api's own outputs. */
class DlibResNetConverterTest {
  /**
   * Largest allowed |ONNX Runtime - tfjs| per embedding value (values are ~0.3). Both compute in
   * float32 and differ only in summation order: 3.9e-7 was seen; the margin is for other CPUs.
   */
  private static final double TOLERANCE = 5e-6;
  private static final String FIXTURE = "/reference/face-api-1.7.15-embeddings.json";

  private static Path tarball;
  private static byte[] model;

  @TempDir Path dir;

  @BeforeAll
  static void convertOnce() throws IOException {
    tarball = FaceApiTarball.get();
    model = DlibModelInstaller.convert(tarball, FaceApiTarball.release().integrity());
  }

  @Test
  void matchesFaceApiOnTheReferenceInputs() throws Exception {
    JsonNode fixture;
    try (InputStream in = DlibResNetConverterTest.class.getResourceAsStream(FIXTURE)) {
      fixture = new ObjectMapper().readTree(in);
    }
    JsonNode inputs = fixture.get("inputs");
    assertEquals(SyntheticInputs.NAMES.size(), inputs.size());

    // One batch of all inputs, which also exercises the symbolic batch dimension.
    int n = inputs.size();
    int pixels = 3 * SyntheticInputs.SIZE * SyntheticInputs.SIZE;
    float[] batch = new float[n * pixels];
    for (int i = 0; i < n; i++) {
      String name = inputs.get(i).get("name").asText();
      assertEquals(inputs.get(i).get("inputSum").asDouble(), SyntheticInputs.hwcSum(name), 0.0,
          "Java and the reference script must build the same " + name + " pixels");
      System.arraycopy(SyntheticInputs.chw(name), 0, batch, i * pixels, pixels);
    }
    float[][] embeddings = run(model, batch, n);

    double maxError = 0;
    for (int i = 0; i < n; i++) {
      JsonNode expected = inputs.get(i).get("embedding");
      assertEquals(DlibResNetConverter.EMBEDDING_SIZE, expected.size());
      for (int k = 0; k < expected.size(); k++) {
        double error = Math.abs(embeddings[i][k] - expected.get(k).asDouble());
        maxError = Math.max(maxError, error);
        assertTrue(error <= TOLERANCE, inputs.get(i).get("name").asText() + "[" + k + "]: " + embeddings[i][k]
            + " vs face-api " + expected.get(k).asDouble());
      }
    }
    System.out.printf("max |ONNX - face-api| over %d embeddings: %.3g%n", n, maxError);
  }

  @Test
  void declaresItsInputAndOutput() throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
      NodeInfo input = session.getInputInfo().get(DlibResNetConverter.INPUT);
      NodeInfo output = session.getOutputInfo().get(DlibResNetConverter.OUTPUT);
      assertArrayEquals(new long[] {-1, 3, 150, 150}, ((TensorInfo) input.getInfo()).getShape());
      assertArrayEquals(new long[] {-1, 128}, ((TensorInfo) output.getInfo()).getShape());
    }
  }

  @Test
  void convertingTwiceGivesTheManifestChecksum() throws Exception {
    byte[] again = DlibModelInstaller.convert(tarball, FaceApiTarball.release().integrity());
    String sha = sha256(model);
    assertEquals(sha, sha256(again), "the conversion must be deterministic");
    assertEquals(FaceApiTarball.embedder().sha256(), sha, "models/manifest.json pins the converted model's SHA-256");
    System.out.printf("converted model: %d bytes, SHA-256 %s%n", model.length, sha);
  }

  @Test
  void missingOrSurplusWeightsAreNamed() throws IOException {
    Map<String, TfjsTensor> weights = realWeights();
    Map<String, TfjsTensor> missing = new LinkedHashMap<>(weights);
    missing.remove("conv128_1/conv2/scale/biases");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DlibResNetConverter.convert(missing));
    assertTrue(e.getMessage().contains("conv128_1/conv2/scale/biases"), e.getMessage());

    Map<String, TfjsTensor> surplus = new LinkedHashMap<>(weights);
    surplus.put("extra", new TfjsTensor("extra", new int[] {1}, new float[1]));
    e = assertThrows(IllegalArgumentException.class, () -> DlibResNetConverter.convert(surplus));
    assertTrue(e.getMessage().contains("[extra]"), e.getMessage());
  }

  @Test
  void filtersMoveFromHwioToOihw() {
    // [kH=1, kW=2, in=2, out=3]; value = 1000h + 100w + 10i + o.
    float[] hwio = new float[12];
    for (int w = 0; w < 2; w++) {
      for (int i = 0; i < 2; i++) {
        for (int o = 0; o < 3; o++) {
          hwio[(w * 2 + i) * 3 + o] = 100 * w + 10 * i + o;
        }
      }
    }
    float[] oihw = DlibResNetConverter.hwioToOihw(new TfjsTensor("f", new int[] {1, 2, 2, 3}, hwio));
    assertArrayEquals(new float[] {0, 100, 10, 110, 1, 101, 11, 111, 2, 102, 12, 112}, oihw);
  }

  private static Map<String, TfjsTensor> realWeights() throws IOException {
    String manifest = "package/model/face_recognition_model-weights_manifest.json";
    String bin = "package/model/face_recognition_model.bin";
    Map<String, byte[]> entries = NpmTarball.extract(tarball, FaceApiTarball.release().integrity(), List.of(manifest, bin));
    return TfjsWeightsReader.read(entries.get(manifest), Map.of("face_recognition_model.bin", entries.get(bin)));
  }

  private static float[][] run(byte[] onnx, float[] batch, int n) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {n, 3, SyntheticInputs.SIZE, SyntheticInputs.SIZE};
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), shape);
        OrtSession.Result result = session.run(Map.of(DlibResNetConverter.INPUT, input))) {
      return (float[][]) result.get(DlibResNetConverter.OUTPUT).orElseThrow().getValue();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
