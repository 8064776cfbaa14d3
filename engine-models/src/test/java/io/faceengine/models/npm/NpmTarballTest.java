package io.faceengine.models.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.models.FaceApiTarball;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmTarballTest {
  private static final String MANIFEST = "package/model/face_recognition_model-weights_manifest.json";
  private static final String WEIGHTS = "package/model/face_recognition_model.bin";
  private static final String INTEGRITY = FaceApiTarball.release().integrity();

  @TempDir Path dir;

  private static String integrityOf(byte[] bytes) throws NoSuchAlgorithmException {
    return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void extractsTheNamedEntriesOfTheRealTarball() throws IOException {
    Map<String, byte[]> entries = NpmTarball.extract(FaceApiTarball.get(), INTEGRITY, List.of(WEIGHTS, MANIFEST));
    assertEquals(List.of(WEIGHTS, MANIFEST), List.copyOf(entries.keySet()));
    assertEquals(6_444_032, entries.get(WEIGHTS).length);
    assertTrue(new String(entries.get(MANIFEST), StandardCharsets.UTF_8).contains("\"conv32_down/conv/filters\""));
  }

  @Test
  void garbledTarballFailsItsIntegrityNamingTheFile() throws IOException {
    byte[] bytes = Files.readAllBytes(FaceApiTarball.get());
    bytes[bytes.length / 2] ^= 0x5a;
    Path garbled = Files.write(dir.resolve("garbled.tgz"), bytes);

    IOException e = assertThrows(IOException.class, () -> NpmTarball.extract(garbled, INTEGRITY, List.of(MANIFEST)));
    assertTrue(e.getMessage().contains(garbled.toString()) && e.getMessage().contains("does not match its integrity"),
        e.getMessage());
  }

  @Test
  void missingEntryIsNamedWithTheFile() throws IOException {
    Path tarball = FaceApiTarball.get();
    IOException e = assertThrows(IOException.class,
        () -> NpmTarball.extract(tarball, INTEGRITY, List.of(MANIFEST, "package/model/nothing.bin")));
    assertTrue(e.getMessage().contains(tarball + " has no entry package/model/nothing.bin"), e.getMessage());
  }

  @Test
  void notGzipFailsNamingTheFile() throws Exception {
    byte[] bytes = "not a tarball".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("plain.tgz"), bytes);
    String integrity = integrityOf(bytes);
    IOException e = assertThrows(IOException.class, () -> NpmTarball.extract(file, integrity, List.of(MANIFEST)));
    assertTrue(e.getMessage().startsWith("cannot read npm tarball " + file), e.getMessage());
  }

  @Test
  void truncatedTarballFailsNamingTheFile() throws Exception {
    byte[] whole = Files.readAllBytes(FaceApiTarball.get());
    byte[] bytes = Arrays.copyOf(whole, whole.length / 3);
    Path file = Files.write(dir.resolve("truncated.tgz"), bytes);
    // An entry that is not there makes the reader go on to the (missing) end.
    IOException e = assertThrows(IOException.class,
        () -> NpmTarball.extract(file, integrityOf(bytes), List.of("package/model/nothing.bin")));
    assertTrue(e.getMessage().startsWith("cannot read npm tarball " + file), e.getMessage());
  }

  @Test
  void garbageTarHeaderFailsNamingTheFile() throws Exception {
    byte[] garbage = new byte[1024];
    Arrays.fill(garbage, (byte) 'x');
    byte[] bytes = gzip(garbage);
    Path file = Files.write(dir.resolve("garbage.tgz"), bytes);
    String integrity = integrityOf(bytes);
    IOException e = assertThrows(IOException.class, () -> NpmTarball.extract(file, integrity, List.of(MANIFEST)));
    assertTrue(e.getMessage().contains(file + ": java.io.IOException: corrupt tar header"), e.getMessage());
  }

  @Test
  void integrityWithoutSha512IsRejected() throws IOException {
    Path file = Files.write(dir.resolve("any.tgz"), new byte[1]);
    assertThrows(IllegalArgumentException.class, () -> NpmTarball.verifyIntegrity(file, "sha1-AAAA"));
    assertThrows(IllegalArgumentException.class, () -> NpmTarball.verifyIntegrity(file, "sha512-***"));
  }
}
