package io.faceengine.models.npm;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads files out of an npm package tarball ({@code .tgz}, as {@code npm pack} writes it) after
 * checking it against the registry's {@code integrity} string, so what gets converted is exactly
 * what the registry published. Uses only the JDK: gzip plus the plain ustar records npm writes.
 */
public final class NpmTarball {
  private static final int BLOCK = 512;

  private NpmTarball() {}

  /**
   * Verifies {@code tarball} against {@code integrity}, then returns the named regular files.
   *
   * @param integrity npm's subresource-integrity string, e.g. {@code sha512-WDMm...==}
   * @param entryNames paths inside the tarball, e.g. {@code package/model/x.bin}
   * @return each entry's bytes, in the order asked for
   * @throws IOException naming the file when it does not verify, is not a readable tarball, or
   *     lacks an entry
   */
  public static Map<String, byte[]> extract(Path tarball, String integrity, Collection<String> entryNames)
      throws IOException {
    verifyIntegrity(tarball, integrity);
    Map<String, byte[]> found = readEntries(tarball, Set.copyOf(entryNames));
    Set<String> missing = new LinkedHashSet<>(entryNames);
    missing.removeAll(found.keySet());
    if (!missing.isEmpty()) {
      throw new IOException("npm tarball " + tarball + " has no entry " + String.join(", ", missing));
    }
    Map<String, byte[]> ordered = new LinkedHashMap<>();
    entryNames.forEach(name -> ordered.put(name, found.get(name)));
    return ordered;
  }

  /** Throws, naming the file, unless its SHA-512 is the one {@code integrity} states. */
  public static void verifyIntegrity(Path tarball, String integrity) throws IOException {
    byte[] expected = expectedSha512(integrity);
    byte[] actual = sha512(tarball);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new IOException("npm tarball " + tarball + " does not match its integrity " + integrity
          + " (its own is sha512-" + Base64.getEncoder().encodeToString(actual)
          + "); it is corrupt or another version: delete it and fetch it again");
    }
  }

  /** The SHA-512 digest in an npm integrity string; other algorithms npm may list are ignored. */
  private static byte[] expectedSha512(String integrity) {
    for (String hash : integrity.trim().split("\\s+")) {
      if (hash.startsWith("sha512-")) {
        try {
          return Base64.getDecoder().decode(hash.substring("sha512-".length()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("malformed npm integrity string: " + integrity, e);
        }
      }
    }
    throw new IllegalArgumentException("npm integrity string has no sha512 hash: " + integrity);
  }

  private static byte[] sha512(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }

  private static Map<String, byte[]> readEntries(Path tarball, Set<String> wanted) throws IOException {
    Map<String, byte[]> found = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
      byte[] header = new byte[BLOCK];
      while (found.size() < wanted.size() && in.readNBytes(header, 0, BLOCK) == BLOCK && !isZero(header)) {
        checkHeader(header);
        String name = name(header);
        long size = octal(header, 124, 12);
        byte type = header[156];
        boolean regularFile = type == '0' || type == 0;
        if (regularFile && wanted.contains(name)) {
          found.put(name, readFully(in, Math.toIntExact(size)));
          in.skipNBytes(padding(size));
        } else {
          // Other files, directories and pax/GNU extension records are skipped whole.
          in.skipNBytes(size + padding(size));
        }
      }
    } catch (IOException e) {
      throw new IOException("cannot read npm tarball " + tarball + ": " + e, e);
    }
    return found;
  }

  private static byte[] readFully(InputStream in, int size) throws IOException {
    byte[] data = in.readNBytes(size);
    if (data.length != size) {
      throw new IOException("truncated entry");
    }
    return data;
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** The header checksum: the byte sum with the checksum field itself read as spaces. */
  private static void checkHeader(byte[] header) throws IOException {
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : Byte.toUnsignedInt(header[i]);
    }
    if (sum != octal(header, 148, 8)) {
      throw new IOException("corrupt tar header");
    }
  }

  /** ustar splits long paths into prefix (offset 345) and name (offset 0). */
  private static String name(byte[] header) {
    String name = string(header, 0, 100);
    boolean ustar = string(header, 257, 6).startsWith("ustar");
    String prefix = ustar ? string(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String string(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) throws IOException {
    String text = string(header, offset, length).trim();
    try {
      return Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw new IOException("corrupt tar header: bad number '" + text + "'");
    }
  }
}
