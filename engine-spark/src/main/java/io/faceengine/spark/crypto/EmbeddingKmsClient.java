package io.faceengine.spark.crypto;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.parquet.crypto.KeyAccessDeniedException;
import org.apache.parquet.crypto.keytools.LocalWrapKmsClient;

/**
 * Parquet's KMS client for the engine's master keys ({@link MasterKeys}): Parquet's local wrapping
 * (AES-GCM, the key id as associated data) with master keys read from the key file that
 * {@link ParquetEncryption} put in the Hadoop configuration, else from {@value MasterKeys#ENV}.
 * Parquet creates one in every process that reads or writes an encrypted file: each executor reads
 * the keys itself, so the file or the variable must be there too.
 */
public final class EmbeddingKmsClient extends LocalWrapKmsClient {
  private MasterKeys keys;

  @Override
  protected void initializeInternal() throws KeyAccessDeniedException {
    Optional<Path> keyFile = Optional.ofNullable(hadoopConfiguration.getTrimmed(ParquetEncryption.KEY_FILE)).map(Path::of);
    try {
      keys = MasterKeys.load(keyFile).orElseThrow(() -> new KeyAccessDeniedException("no master keys in this process: "
          + ParquetEncryption.HOW_TO_GIVE_KEYS));
    } catch (IllegalArgumentException e) {
      throw new KeyAccessDeniedException(e.getMessage(), e);
    }
  }

  @Override
  protected byte[] getMasterKeyFromServer(String keyId) throws KeyAccessDeniedException {
    try {
      return keys.key(keyId);
    } catch (IllegalArgumentException e) {
      throw new KeyAccessDeniedException(e.getMessage(), e);
    }
  }
}
