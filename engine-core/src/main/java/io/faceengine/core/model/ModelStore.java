package io.faceengine.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The directories that hold installed model files, searched in order (on a Spark executor: the
 * files shipped with the job, then a shared path); hands out a model's path only once its checksum
 * matches.
 */
public final class ModelStore {
  private final List<Path> dirs;

  public ModelStore(Path dir) {
    this(List.of(dir));
  }

  public ModelStore(List<Path> dirs) {
    if (dirs.isEmpty()) {
      throw new IllegalArgumentException("a model store needs at least one directory");
    }
    this.dirs = dirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
  }

  /** The first directory: where setup installs models. */
  public Path dir() {
    return dirs.get(0);
  }

  /** Where the model's file lives: the first directory that has it, else where setup would install it. */
  public Path path(ModelSpec model) {
    if (model.isFusion()) {
      throw new IllegalArgumentException("model " + model.id() + " is a fusion: it has no file of its own, its"
          + " components have");
    }
    return dirs.stream()
        .map(d -> d.resolve(model.file()))
        .filter(Files::isRegularFile)
        .findFirst()
        .orElse(dir().resolve(model.file()));
  }

  /** True when the file exists and matches the manifest's checksum. */
  public boolean isInstalled(ModelSpec model) {
    Path path = path(model);
    return Files.isRegularFile(path) && sha256(path).equals(model.sha256());
  }

  /** The model's file, checked against its checksum; a {@link ModelNotReadyException} saying what to do otherwise. */
  public Path verified(ModelSpec model) {
    Path path = path(model);
    if (!Files.isRegularFile(path)) {
      throw new ModelNotReadyException("model " + model.id() + " is not installed (no " + model.file() + " in " + dirs
          + "): run `bin/engine setup`, or ship the file with the job");
    }
    String actual = sha256(path);
    if (!actual.equals(model.sha256())) {
      throw new ModelNotReadyException("model " + model.id() + " at " + path + " has SHA-256 " + actual
          + " but the manifest expects " + model.sha256() + ": run `bin/engine setup` to reinstall it");
    }
    return path;
  }

  /** Lower-case hex SHA-256 of a file. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
