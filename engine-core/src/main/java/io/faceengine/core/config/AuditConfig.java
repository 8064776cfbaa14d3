package io.faceengine.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the audit log, from {@code engine.audit}; see {@code conf/engine.conf} and docs/privacy.md.
 *
 * @param dir the folder of the audit log's files; empty: no audit log
 * @param maxFileBytes a file is closed and the next one started once it holds this many bytes
 *     (besides the daily start of a new file)
 */
public record AuditConfig(Optional<Path> dir, long maxFileBytes) {
  public static final AuditConfig OFF = new AuditConfig(Optional.empty(), 100L << 20);

  public AuditConfig {
    dir = dir == null ? Optional.empty() : dir;
    if (maxFileBytes < 1024) {
      throw new IllegalArgumentException("engine.audit.max-file-bytes must be >= 1024, got " + maxFileBytes);
    }
  }

  /** These settings writing into {@code folder}. */
  public AuditConfig withDir(Path folder) {
    return new AuditConfig(Optional.of(folder), maxFileBytes);
  }
}
