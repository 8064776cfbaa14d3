package io.faceengine.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a shard stores the vectors its HNSW graph is built and searched on. Quantized formats keep
 * the full-precision floats beside the quantized codes, so search results can be re-ranked exactly.
 */
public enum VectorFormat {
  /** Raw 32-bit floats: exact scores, 4 bytes per dimension in RAM. */
  FLOAT32,
  /** 8-bit scalar quantization: 1 byte per dimension. */
  INT8,
  /** 4-bit scalar quantization: half a byte per dimension. */
  INT4,
  /** 1-bit (binary) quantization of the stored vectors, queries quantized to 4 bits. */
  BINARY;

  /** The name used in configuration and on the command line: {@code float32}, {@code int8}, ... */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a configuration name, case-insensitively; the error lists the valid names. */
  public static VectorFormat parse(String value) {
    String wanted = value == null ? "" : value.trim();
    for (VectorFormat format : values()) {
      if (format.configName().equalsIgnoreCase(wanted)) {
        return format;
      }
    }
    throw new IllegalArgumentException("vector format must be one of "
        + Arrays.stream(values()).map(VectorFormat::configName).collect(Collectors.joining(", "))
        + ", got '" + value + "'");
  }
}
