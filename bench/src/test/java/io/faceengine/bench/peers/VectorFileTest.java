package io.faceengine.bench.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peers' vector file: its exact layout, a round trip larger than one write buffer, and a short file refused. */
class VectorFileTest {
  @TempDir Path dir;

  @Test
  void layoutIsCountDimensionThenLittleEndianRows() throws IOException {
    Path file = dir.resolve("v.f32");
    VectorFile.write(file, new float[][] {{1f, -2f, 0.5f}, {3f, 4f, 5f}});
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(8 + 2 * 3 * 4, bytes.remaining());
    assertEquals(2, bytes.getInt());
    assertEquals(3, bytes.getInt());
    float[] values = new float[6];
    bytes.asFloatBuffer().get(values);
    assertArrayEquals(new float[] {1f, -2f, 0.5f, 3f, 4f, 5f}, values);
  }

  @Test
  void roundTripsMoreRowsThanOneBufferHolds() throws IOException {
    Random random = new Random(3);
    float[][] vectors = new float[10_000][7];
    for (float[] v : vectors) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) random.nextGaussian();
      }
    }
    Path file = dir.resolve("many.f32");
    VectorFile.write(file, vectors);
    assertArrayEquals(vectors, VectorFile.read(file));
  }

  @Test
  void refusesAFileShorterThanItsHeaderSays() throws IOException {
    Path file = dir.resolve("short.f32");
    VectorFile.write(file, new float[][] {{1f, 2f}, {3f, 4f}});
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
    assertThrows(IOException.class, () -> VectorFile.read(file));
    assertThrows(IllegalArgumentException.class, () -> VectorFile.write(dir.resolve("ragged.f32"),
        new float[][] {{1f, 2f}, {3f}}));
  }
}
