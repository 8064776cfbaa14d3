package io.faceengine.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.EncryptionConfig;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.ParquetFileBytes;
import io.faceengine.spark.SparkJobTestCase;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest with the embedding column encrypted (Parquet modular encryption), in local-mode Spark with
 * the real models, against a plaintext ingest of the same LFW images.
 */
class EncryptedIngestTest extends SparkJobTestCase {
  private static final List<String> READ = List.of(FacesSchema.FACE_ID, FacesSchema.EMBEDDING);
  private static PipelineSettings pipeline;
  private static IngestConfig ingest;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    EngineConfig config = EngineConfig.load(SharedTestData.projectDir());
    ModelManifest manifest = ModelManifest.load(config.models().manifest());
    SharedTestData.model(manifest.defaultModel(ModelRole.EMBEDDER).file());
    pipeline = PipelineSettings.of(config, manifest);
    IngestConfig defaults = config.ingest();
    ingest = new IngestConfig(defaults.pathGlob(), 50_000, 2, 1, defaults.maxImageBytes());
  }

  @AfterEach
  void plain() {
    ParquetEncryption.configure(spark, EncryptionConfig.NONE);
  }

  @Test
  void theEmbeddingsAreEncryptedAndReadBackOnlyWithTheKey() throws IOException {
    Path input = dir.resolve("in");
    SharedTestData.copyLfw("Colin_Powell", 2, input);
    SharedTestData.copyLfw("Tony_Blair", 2, input);
    Path keys = dir.resolve("keys");
    Files.writeString(keys, "# test keys\nold:" + randomKey() + "\nk1:" + randomKey() + "\n");
    EncryptionConfig encrypted = new EncryptionConfig(Optional.of("k1"), Optional.of(keys));

    ingest(input, dir.resolve("plain"));
    Map<String, float[]> plainFaces = embeddings(dir.resolve("plain"));
    assertTrue(plainFaces.size() >= 4, "a face or more per LFW image: " + plainFaces.size());
    List<byte[]> floats = plainFaces.values().stream().map(e -> ParquetFileBytes.of(e[0])).toList();
    for (byte[] f : floats) {
      assertTrue(ParquetFileBytes.anyHolds(dir.resolve("plain/faces"), f),
          "the plaintext files hold the floats: what the encrypted ones must not");
    }

    ParquetEncryption.configure(spark, encrypted);
    ingest(input, dir.resolve("encrypted"));
    for (byte[] f : floats) {
      assertFalse(ParquetFileBytes.anyHolds(dir.resolve("encrypted/faces"), f),
          "no embedding float in plaintext in the encrypted faces");
    }

    ParquetEncryption.configure(spark, EncryptionConfig.NONE);
    String facesPath = dir.resolve("encrypted").toString();
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> FacesDataset.open(spark, facesPath, READ));
    assertTrue(refused.getMessage().contains("faces dataset") && refused.getMessage().contains("encrypted/faces")
        && refused.getMessage().contains("engine.encryption.key-file")
        && refused.getMessage().contains("ENGINE_EMBEDDING_KEYS"), refused.getMessage());
    // The images ledger holds no embedding: it stays plaintext, readable without keys.
    ParquetEncryption.requireReadable(spark, dir.resolve("encrypted/images").toString(), "images ledger");
    assertEquals(plainFaces.size(), spark.read().parquet(dir.resolve("encrypted/faces").toString()).select(FacesSchema.LABEL).count(),
        "the other columns stay readable without the key");

    ParquetEncryption.configure(spark, new EncryptionConfig(Optional.empty(), Optional.of(keys)));
    Map<String, float[]> decrypted = embeddings(dir.resolve("encrypted"));
    assertEquals(plainFaces.keySet(), decrypted.keySet());
    plainFaces.forEach((id, embedding) -> assertTrue(java.util.Arrays.equals(embedding, decrypted.get(id)), id));
  }

  @Test
  void aKeyIdWithoutItsKeyIsRefusedBeforeAnyWork() throws IOException {
    Path keys = dir.resolve("keys");
    Files.writeString(keys, "k1:" + randomKey());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> ParquetEncryption.configure(spark, new EncryptionConfig(Optional.of("k2"), Optional.of(keys))));
    assertTrue(unknown.getMessage().contains("has no master key k2") && unknown.getMessage().contains(keys.toString()),
        unknown.getMessage());
    assertFalse(unknown.getMessage().contains(Files.readString(keys).substring(3)), "the key itself is never shown");
  }

  private void ingest(Path input, Path output) throws IOException {
    IngestPlan plan = new IngestPlan(List.of(input.toString()), Optional.empty(), output.toString(),
        IngestPlan.Labels.parse("dir"), "run-a", ingest, pipeline);
    IngestSummary summary = new IngestJob(spark, plan, new PrintStream(new ByteArrayOutputStream())).run();
    assertEquals(4, summary.withFaces());
  }

  private static Map<String, float[]> embeddings(Path ingestOutput) throws IOException {
    Map<String, float[]> out = new HashMap<>();
    for (Row row : FacesDataset.open(spark, ingestOutput.toString(), READ).faces().select(FacesDataset.columns(READ))
        .collectAsList()) {
      out.put(row.getString(0), FacesDataset.embedding(row, 1, row.getString(0)));
    }
    return out;
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
