package io.faceengine.audit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the audit log keeps of a probe: the SHA-256 (hex) of its bytes, which identifies the same
 * probe again without holding it. An image's hash is of the bytes as sent (the ingest's
 * {@code image_id} of the same file); an embedding's, of its floats as IEEE 754 big-endian bytes.
 */
public final class ProbeHash {
  private ProbeHash() {}

  public static String of(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static String of(float[] embedding) {
    ByteBuffer buffer = ByteBuffer.allocate(embedding.length * Float.BYTES);
    buffer.asFloatBuffer().put(embedding);
    return of(buffer.array());
  }
}
