package io.faceengine.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the Parquet files of a dataset hold as raw bytes: the tests of encryption at rest look for plaintext floats. */
public final class ParquetFileBytes {
  private ParquetFileBytes() {}

  /** A float as Parquet's plain encoding stores it: 4 bytes, little-endian. */
  public static byte[] of(float value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
  }

  /** Whether any {@code .parquet} file under {@code dataset} holds {@code bytes}; refuses a dataset without files. */
  public static boolean anyHolds(Path dataset, byte[] bytes) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dataset)) {
      files = walk.filter(f -> f.toString().endsWith(".parquet")).toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(dataset + " holds no Parquet file");
    }
    String wanted = new String(bytes, StandardCharsets.ISO_8859_1);
    for (Path file : files) {
      if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(wanted)) {
        return true;
      }
    }
    return false;
  }
}
