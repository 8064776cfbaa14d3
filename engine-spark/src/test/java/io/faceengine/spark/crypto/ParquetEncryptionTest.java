package io.faceengine.spark.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.EncryptionConfig;
import io.faceengine.spark.ParquetFileBytes;
import io.faceengine.spark.SparkJobTestCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which columns {@link ParquetEncryption} encrypts, and the master keys' errors, in local-mode Spark. */
class ParquetEncryptionTest extends SparkJobTestCase {
  private static final float VALUE = 0.123456789f;
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

  @TempDir Path dir;

  @AfterEach
  void plain() {
    ParquetEncryption.configure(spark, EncryptionConfig.NONE);
  }

  @Test
  void encryptsTheCentroidsOfClusterSummariesAndLeavesOtherDatasetsPlain() throws IOException {
    Path keys = Files.writeString(dir.resolve("keys"), "k1:" + KEY);
    ParquetEncryption.configure(spark, new EncryptionConfig(Optional.of("k1"), Optional.of(keys)));
    Dataset<Row> summary = rows("centroid");
    ParquetEncryption.write(summary).parquet(dir.resolve("summary").toString());
    ParquetEncryption.write(summary.drop("centroid")).parquet(dir.resolve("ledger").toString());
    ParquetEncryption.configure(spark, EncryptionConfig.NONE);
    ParquetEncryption.write(summary).parquet(dir.resolve("plain").toString());

    assertTrue(ParquetFileBytes.anyHolds(dir.resolve("plain"), ParquetFileBytes.of(VALUE)), "the plaintext file holds the float");
    assertFalse(ParquetFileBytes.anyHolds(dir.resolve("summary"), ParquetFileBytes.of(VALUE)), "the encrypted file does not");
    ParquetEncryption.requireReadable(spark, dir.resolve("ledger").toString(), "ledger");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ParquetEncryption.requireReadable(spark, dir.resolve("summary").toString(), "cluster summary"));
    assertTrue(refused.getMessage().startsWith("the cluster summary " + dir.resolve("summary")), refused.getMessage());

    ParquetEncryption.configure(spark, new EncryptionConfig(Optional.empty(), Optional.of(keys)));
    List<Float> read = spark.read().parquet(dir.resolve("summary").toString()).first().getList(1);
    assertEquals(List.of(VALUE, -VALUE), read);
  }

  @Test
  void keysAreCheckedAndNeverShown() {
    String bad = assertThrows(IllegalArgumentException.class,
        () -> MasterKeys.parse("k1:" + Base64.getEncoder().encodeToString(new byte[12]), "key file F")).getMessage();
    assertEquals("key file F: key k1 has 12 bytes; AES keys have 16, 24 or 32", bad);
    assertEquals("key file F: key k1 is not base64",
        assertThrows(IllegalArgumentException.class, () -> MasterKeys.parse("k1:not base64!", "key file F")).getMessage());
    assertEquals("key file F: key k1 is given twice", assertThrows(IllegalArgumentException.class,
        () -> MasterKeys.parse("k1:" + KEY + ",k1:" + KEY, "key file F")).getMessage());
    assertEquals("key file F: an entry is not id:base64-key",
        assertThrows(IllegalArgumentException.class, () -> MasterKeys.parse(KEY, "key file F")).getMessage());
    MasterKeys keys = MasterKeys.parse("# comment\n a : " + KEY + " \n\nb:" + KEY, "key file F");
    assertEquals(List.of("a", "b"), List.copyOf(keys.ids()));
    assertArrayEquals(Base64.getDecoder().decode(KEY), keys.key("a"));
    String missing = assertThrows(IllegalArgumentException.class, () -> keys.key("c")).getMessage();
    assertEquals("key file F has no master key c (it has [a, b])", missing);
  }

  private static Dataset<Row> rows(String column) {
    StructType schema = new StructType().add("cluster_id", DataTypes.LongType)
        .add(column, DataTypes.createArrayType(DataTypes.FloatType, false));
    return spark.createDataFrame(List.of(RowFactory.create(7L, List.of(VALUE, -VALUE))), schema).coalesce(1);
  }
}
