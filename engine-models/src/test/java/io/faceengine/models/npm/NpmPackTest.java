package io.faceengine.models.npm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmPackTest {
  @TempDir Path dir;

  @Test
  void missingNpmSaysSo() {
    IOException e = assertThrows(IOException.class,
        () -> NpmPack.pack(dir.resolve("no-such-npm").toString(), "@vladmandic/face-api@1.7.15", dir));
    assertTrue(e.getMessage().startsWith("cannot run npm"), e.getMessage());
  }

  @Test
  void failingNpmReportsItsExitCodeAndLeavesNoLogs() throws IOException {
    // `false` stands in for an npm that fails (offline, unknown version, ...).
    IOException e = assertThrows(IOException.class, () -> NpmPack.pack("false", "@vladmandic/face-api@1.7.15", dir));
    assertTrue(e.getMessage().contains("failed with exit code 1"), e.getMessage());
    try (var files = Files.list(dir)) {
      assertTrue(files.findAny().isEmpty());
    }
  }
}
