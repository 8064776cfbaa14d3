package io.faceengine.models.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TfjsWeightsReaderTest {

  private static byte[] manifest(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, TfjsTensor> read(String manifestJson, byte[] shard) throws IOException {
    return TfjsWeightsReader.read(manifest(manifestJson), Map.of("w.bin", shard));
  }

  @Test
  void uint8IsScaledAndShiftedAsTfjsDoes() throws IOException {
    double scale = 0.0005260649557207145;
    double min = -0.07101876902229645;
    Map<String, TfjsTensor> tensors = read("""
        [{"paths": ["w.bin"], "weights": [{"name": "t", "shape": [2, 2], "dtype": "float32",
          "quantization": {"dtype": "uint8", "scale": 0.0005260649557207145, "min": -0.07101876902229645}}]}]
        """, new byte[] {0, 1, (byte) 128, (byte) 255});

    TfjsTensor t = tensors.get("t");
    assertArrayEquals(new int[] {2, 2}, t.shape());
    // TF.js: Float32Array[i] = q * scale + min, computed in double then stored as float32.
    float[] expected = {(float) min, (float) (scale + min), (float) (128 * scale + min), (float) (255 * scale + min)};
    assertArrayEquals(expected, t.values());
  }

  @Test
  void uint8WithRoundNumbersGivesExactValues() throws IOException {
    Map<String, TfjsTensor> tensors = read("""
        [{"paths": ["w.bin"], "weights": [{"name": "t", "shape": [3], "dtype": "float32",
          "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}}]}]
        """, new byte[] {0, 2, (byte) 200});
    assertArrayEquals(new float[] {-1f, 0f, 99f}, tensors.get("t").values());
  }

  @Test
  void uint16IsLittleEndian() throws IOException {
    Map<String, TfjsTensor> tensors = read("""
        [{"paths": ["w.bin"], "weights": [{"name": "t", "shape": [2], "dtype": "float32",
          "quantization": {"dtype": "uint16", "scale": 0.25, "min": 10}}]}]
        """, new byte[] {0x01, 0x02, (byte) 0xff, (byte) 0xff});
    assertArrayEquals(new float[] {0x0201 * 0.25f + 10, 65535 * 0.25f + 10}, tensors.get("t").values());
  }

  @Test
  void unquantizedFloatsFollowQuantizedOnesInOrderAcrossShards() throws IOException {
    ByteBuffer floats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2.25f);
    byte[] second = new byte[9];
    second[0] = 4; // the uint8 tensor's one value
    System.arraycopy(floats.array(), 0, second, 1, 8);
    Map<String, TfjsTensor> tensors = TfjsWeightsReader.read(manifest("""
        [{"paths": ["a.bin", "b.bin"], "weights": [
          {"name": "q", "shape": [2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 1, "min": 0}},
          {"name": "f", "shape": [2], "dtype": "float32"}]}]
        """), Map.of("a.bin", new byte[] {3}, "b.bin", second));

    assertEquals(List.of("q", "f"), List.copyOf(tensors.keySet()));
    assertArrayEquals(new float[] {3f, 4f}, tensors.get("q").values());
    assertArrayEquals(new float[] {1.5f, -2.25f}, tensors.get("f").values());
  }

  @Test
  void shardShorterThanManifestFails() {
    IOException e = assertThrows(IOException.class, () -> read("""
        [{"paths": ["w.bin"], "weights": [{"name": "f", "shape": [2], "dtype": "float32"}]}]
        """, new byte[4]));
    assertTrue(e.getMessage().contains("f: weight shards end"), e.getMessage());
  }

  @Test
  void shardLongerThanManifestFails() {
    IOException e = assertThrows(IOException.class, () -> read("""
        [{"paths": ["w.bin"], "weights": [{"name": "f", "shape": [1], "dtype": "float32"}]}]
        """, new byte[5]));
    assertTrue(e.getMessage().contains("1 bytes more"), e.getMessage());
  }

  @Test
  void unsupportedEncodingsAndMissingShardsAreNamed() {
    IOException float16 = assertThrows(IOException.class, () -> read("""
        [{"paths": ["w.bin"], "weights": [{"name": "h", "shape": [1], "dtype": "float32",
          "quantization": {"dtype": "float16"}}]}]
        """, new byte[2]));
    assertTrue(float16.getMessage().contains("h: unsupported quantization float16"), float16.getMessage());

    IOException int32 = assertThrows(IOException.class, () -> read("""
        [{"paths": ["w.bin"], "weights": [{"name": "i", "shape": [1], "dtype": "int32"}]}]
        """, new byte[4]));
    assertTrue(int32.getMessage().contains("i: unsupported dtype int32"), int32.getMessage());

    IOException shard = assertThrows(IOException.class, () -> read("""
        [{"paths": ["other.bin"], "weights": []}]
        """, new byte[0]));
    assertTrue(shard.getMessage().contains("other.bin"), shard.getMessage());
  }

  @Test
  void tensorRejectsValuesThatDoNotFitItsShape() {
    assertThrows(IllegalArgumentException.class, () -> new TfjsTensor("t", new int[] {2, 3}, new float[5]));
  }
}
