package io.faceengine.models.npm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Downloads an npm package's tarball with {@code npm pack}, the registry's ordinary client. */
public final class NpmPack {
  private static final long TIMEOUT_MINUTES = 10;

  private NpmPack() {}

  /**
   * Runs {@code npm pack SPEC --pack-destination DIR}.
   *
   * @param packageSpec e.g. {@code @vladmandic/face-api@1.7.15}
   * @param destination where the {@code .tgz} goes; created if needed
   * @return the tarball npm wrote
   * @throws IOException when npm is missing, fails or times out
   */
  public static Path pack(String packageSpec, Path destination) throws IOException {
    return pack("npm", packageSpec, destination);
  }

  static Path pack(String npm, String packageSpec, Path destination) throws IOException {
    Files.createDirectories(destination);
    List<String> command = List.of(npm, "pack", packageSpec, "--pack-destination", destination.toString());
    // Output goes to files, not pipes: nothing to drain, so npm can never block on a full pipe.
    Path stdout = Files.createTempFile(destination, "npm-pack", ".out");
    Path stderr = Files.createTempFile(destination, "npm-pack", ".err");
    try {
      Process process;
      try {
        process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      } catch (IOException e) {
        throw new IOException("cannot run npm (`" + npm + "`), needed to download " + packageSpec
            + ": install Node.js with npm, or give the tarball yourself (" + e.getMessage() + ")", e);
      }
      if (!waitFor(process)) {
        process.destroyForcibly();
        throw new IOException("`" + String.join(" ", command) + "` did not finish in " + TIMEOUT_MINUTES + " minutes");
      }
      if (process.exitValue() != 0) {
        throw new IOException("`" + String.join(" ", command) + "` failed with exit code " + process.exitValue()
            + ": " + Files.readString(stderr, StandardCharsets.UTF_8).strip());
      }
      // npm prints the tarball's file name as the last line of its standard output.
      List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank()).toList();
      Path tarball = lines.isEmpty() ? null : destination.resolve(lines.getLast().strip());
      if (tarball == null || !Files.isRegularFile(tarball)) {
        throw new IOException("`" + String.join(" ", command) + "` wrote no tarball in " + destination);
      }
      return tarball;
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static boolean waitFor(Process process) throws IOException {
    try {
      return process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for npm", e);
    }
  }
}
