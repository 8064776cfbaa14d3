package io.faceengine.spark.crypto;

import io.faceengine.core.config.EncryptionConfig;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.crypto.EncryptionPropertiesFactory;
import org.apache.parquet.crypto.ParquetCryptoRuntimeException;
import org.apache.parquet.crypto.keytools.KeyToolkit;
import org.apache.parquet.crypto.keytools.PropertiesDrivenCryptoFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Parquet modular encryption of the faces' embedding column, the one place that sets it up. With
 * master keys configured ({@code engine.encryption}), a Spark session's readers decrypt encrypted
 * files transparently and {@link #write} encrypts the biometric columns of the datasets it writes:
 * {@code embedding} (faces) and {@code centroid} (cluster summaries), with AES-GCM, the footer left
 * in plaintext and signed, so the other columns stay readable by any Parquet reader. Datasets
 * without such a column, such as the images ledger, are written as before.
 */
public final class ParquetEncryption {
  /** Hadoop configuration keys through which the settings reach the writers and the KMS clients of executors. */
  static final String KEY_ID = "faceengine.encryption.key-id";
  static final String KEY_FILE = "faceengine.encryption.key-file";
  static final String HOW_TO_GIVE_KEYS = "set engine.encryption.key-file or the " + MasterKeys.ENV
      + " environment variable (for Spark on a cluster, in every executor too)";

  /** The columns encrypted: the embeddings, and the cluster summaries' mean embeddings. */
  private static final List<String> BIOMETRIC = List.of(FacesSchema.EMBEDDING, "centroid");

  private ParquetEncryption() {}

  /**
   * Sets up {@code spark} for {@code config}: decryption when it gives master keys, encryption of
   * faces written through {@link #write} when it names a key id. Checks the keys here, on the
   * driver, so that a missing file or key fails before any work.
   */
  public static void configure(SparkSession spark, EncryptionConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Optional<MasterKeys> keys = MasterKeys.load(config.keyFile());
    config.keyId().ifPresent(id -> keys.orElseThrow(() -> new IllegalArgumentException(
        "engine.encryption.key-id is " + id + " but there are no master keys: " + HOW_TO_GIVE_KEYS)).key(id));
    // Parquet caches KMS clients, with the keys they read, per process: forget those of earlier settings.
    KeyToolkit.removeCacheEntriesForAllTokens();
    if (keys.isEmpty()) {
      conf.unset(EncryptionPropertiesFactory.CRYPTO_FACTORY_CLASS_PROPERTY_NAME);
      conf.unset(KeyToolkit.KMS_CLIENT_CLASS_PROPERTY_NAME);
      conf.unset(KEY_FILE);
      conf.unset(KEY_ID);
      return;
    }
    conf.set(EncryptionPropertiesFactory.CRYPTO_FACTORY_CLASS_PROPERTY_NAME, PropertiesDrivenCryptoFactory.class.getName());
    conf.set(KeyToolkit.KMS_CLIENT_CLASS_PROPERTY_NAME, EmbeddingKmsClient.class.getName());
    setOrUnset(conf, KEY_FILE, config.keyFile().map(f -> f.toAbsolutePath().toString()));
    setOrUnset(conf, KEY_ID, config.keyId());
  }

  /**
   * The writer of {@code rows}: their {@code embedding} and {@code centroid} columns encrypted when the
   * session was configured with a key id.
   */
  public static DataFrameWriter<Row> write(Dataset<Row> rows) {
    DataFrameWriter<Row> writer = rows.write();
    String keyId = rows.sparkSession().sparkContext().hadoopConfiguration().getTrimmed(KEY_ID);
    List<String> columns = BIOMETRIC.stream().filter(List.of(rows.columns())::contains).toList();
    if (keyId == null || columns.isEmpty()) {
      return writer;
    }
    // Spark writes an array as a three-level list: the column's leaf is column.list.element.
    String leaves = columns.stream().map(c -> c + ".list.element").collect(Collectors.joining(","));
    return writer.option(PropertiesDrivenCryptoFactory.COLUMN_KEYS_PROPERTY_NAME, keyId + ":" + leaves)
        .option(PropertiesDrivenCryptoFactory.FOOTER_KEY_PROPERTY_NAME, keyId)
        .option(PropertiesDrivenCryptoFactory.PLAINTEXT_FOOTER_PROPERTY_NAME, "true");
  }

  /**
   * Refuses a dataset that holds encrypted files when {@code spark} has no master keys, naming it and
   * the settings to set, instead of Parquet's failure in the middle of a job. Reads the footers of
   * the dataset's files (as Spark's schema merging does), only when there are no keys.
   *
   * @param name what the dataset is, e.g. "faces dataset"
   */
  public static void requireReadable(SparkSession spark, String path, String name) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (conf.get(KeyToolkit.KMS_CLIENT_CLASS_PROPERTY_NAME) != null) {
      return;
    }
    Path dir = new Path(path);
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return; // Spark's own error names a missing path
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      LocatedFileStatus file = files.next();
      String fileName = file.getPath().getName();
      if (file.isFile() && fileName.endsWith(".parquet") && !fileName.startsWith(".") && !fileName.startsWith("_")
          && encrypted(HadoopInputFile.fromStatus(file, conf))) {
        throw new IllegalArgumentException("the " + name + " " + path + " holds encrypted embeddings (" + file.getPath()
            + " among others): " + HOW_TO_GIVE_KEYS + " to the master keys it was written with");
      }
    }
  }

  private static boolean encrypted(HadoopInputFile file) {
    try (ParquetFileReader reader = ParquetFileReader.open(file)) {
      return reader.getFooter().getFileMetaData().getEncryptionType() != FileMetaData.EncryptionType.UNENCRYPTED;
    } catch (ParquetCryptoRuntimeException e) {
      return true; // an encrypted footer, unreadable without keys
    } catch (IOException | RuntimeException e) {
      return false; // not Parquet at all (corrupt, truncated): the job's own reader refuses it, naming it
    }
  }

  private static void setOrUnset(Configuration conf, String key, Optional<String> value) {
    if (value.isPresent()) {
      conf.set(key, value.get());
    } else {
      conf.unset(key);
    }
  }
}
