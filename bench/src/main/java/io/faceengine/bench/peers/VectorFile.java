package io.faceengine.bench.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The plain binary file in which {@code bench peers} hands vectors to the peers (and anyone who
 * wants to try another library on the same data), version 1:
 *
 * <pre>
 * int32  n          little-endian: the number of vectors
 * int32  d          little-endian: their dimension
 * float32[n * d]    little-endian, row after row: vector 0's d values, then vector 1's, ...
 * </pre>
 *
 * No padding, no footer: the file is exactly {@code 8 + 4 * n * d} bytes. Rows are numbered from 0
 * in file order; {@code ids.txt} beside the gallery's file names each row's face, one a line. In
 * numpy: {@code n, d = np.fromfile(f, "<i4", 2); x = np.fromfile(f, "<f4", n * d, offset=8).reshape(n, d)}.
 */
public final class VectorFile {
  public static final int HEADER_BYTES = 8;
  private static final int ROWS_PER_WRITE = 4096;

  private VectorFile() {}

  /** Writes {@code vectors} (all of one dimension, at least one) to {@code file}, replacing it. */
  public static void write(Path file, float[][] vectors) throws IOException {
    if (vectors.length == 0) {
      throw new IllegalArgumentException("a vector file needs at least one vector");
    }
    int d = vectors[0].length;
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(HEADER_BYTES, ROWS_PER_WRITE * d * Float.BYTES))
        .order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      buffer.putInt(vectors.length).putInt(d).flip();
      writeFully(out, buffer);
      for (int row = 0; row < vectors.length; row++) {
        if (vectors[row].length != d) {
          throw new IllegalArgumentException("vector " + row + " has dimension " + vectors[row].length + ", not " + d);
        }
        if (buffer.remaining() < d * Float.BYTES) {
          buffer.flip();
          writeFully(out, buffer);
        }
        buffer.asFloatBuffer().put(vectors[row]);
        buffer.position(buffer.position() + d * Float.BYTES);
      }
      buffer.flip();
      writeFully(out, buffer);
    }
  }

  /** Reads a whole file written by {@link #write}. */
  public static float[][] read(Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      readFully(in, header, file);
      int n = header.getInt(0);
      int d = header.getInt(4);
      if (n < 1 || d < 1 || in.size() != HEADER_BYTES + 4L * n * d) {
        throw new IOException(file + ": header says " + n + " x " + d + " floats, the file has " + in.size() + " bytes");
      }
      float[][] vectors = new float[n][d];
      ByteBuffer row = ByteBuffer.allocate(d * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] vector : vectors) {
        row.clear();
        readFully(in, row, file);
        row.flip();
        row.asFloatBuffer().get(vector);
      }
      return vectors;
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
    buffer.clear();
  }

  private static void readFully(FileChannel in, ByteBuffer buffer, Path file) throws IOException {
    while (buffer.hasRemaining()) {
      if (in.read(buffer) < 0) {
        throw new IOException(file + " ends early");
      }
    }
  }
}
