package io.faceengine.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Encryption of the faces' embeddings at rest, from {@code engine.encryption}; see {@code conf/engine.conf}.
 *
 * @param keyId the master key that new faces datasets' embedding column is encrypted with; empty writes it in plaintext
 * @param keyFile the file of master keys; empty means the {@code ENGINE_EMBEDDING_KEYS} environment variable, if set
 */
public record EncryptionConfig(Optional<String> keyId, Optional<Path> keyFile) {
  /** No encryption and no keys. */
  public static final EncryptionConfig NONE = new EncryptionConfig(Optional.empty(), Optional.empty());
}
