package io.faceengine.bench;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sum;

import io.faceengine.core.config.EncryptionConfig;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.spark.EngineSpark;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost of encrypting the embedding column ({@code engine.encryption}), plaintext and encrypted
 * alternating in one run with a fresh random key: the whole ingest job on the same LFW images, then,
 * with {@code --faces}, writing a large faces dataset (read from its plaintext copy) and reading
 * every embedding float back. Reports medians and the encrypted run's cost in percent.
 */
@Command(name = "encryption", mixinStandardHelpOptions = true,
    description = "Ingest, faces write and read: plaintext against an encrypted embedding column (medians).")
final class EncryptionBenchmark implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${ENGINE_LFW_DIR:-../shared/data/lfw}",
      description = "LFW folder (default: ${DEFAULT-VALUE}, relative to the engine's home).")
  Path data;

  @Option(names = "--images", defaultValue = "300",
      description = "Images per ingest; 0 skips the ingest (default: ${DEFAULT-VALUE}).")
  int imageCount;

  @Option(names = "--faces", paramLabel = "DIR",
      description = "A plaintext faces dataset (or ingest output) to write and read back, e.g. a bench gallery.")
  String faces;

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--work", paramLabel = "DIR", description = "Where outputs go (default: a temporary folder).")
  Path work;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = EngineConfig.load(EngineConfig.defaultHome());
    PipelineSettings settings = PipelineSettings.of(config, ModelManifest.load(config.models().manifest()));
    List<Path> images = imageCount > 0 ? LfwImageFiles.first(config.home().resolve(data).normalize(), imageCount)
        : List.of();
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("encryption-bench");
    EncryptionConfig encrypted = new EncryptionConfig(Optional.of("bench"), Optional.of(keyFile(dir)));
    System.out.printf(Locale.ROOT, "encryption benchmark: %d LFW images, %d rounds, %d cores, embedder %s; load %s%n",
        images.size(), rounds, Runtime.getRuntime().availableProcessors(), settings.embedder().id(), LoadAverage.now());

    try (SparkSession spark = EngineSpark.session("face-engine encryption benchmark", null)) {
      if (imageCount > 0) {
        ingestRounds(spark, config, settings, images, encrypted, dir);
      }
      if (faces != null) {
        facesWriteAndRead(spark, encrypted, dir);
      }
      System.out.println("load after: " + LoadAverage.now());
    } finally {
      Files.deleteIfExists(dir.resolve("keys"));
    }
    return 0;
  }

  private void ingestRounds(SparkSession spark, EngineConfig config, PipelineSettings settings, List<Path> images,
      EncryptionConfig encrypted, Path dir) throws Exception {
    Path list = dir.resolve("images.txt");
    Files.write(list, images.stream().map(Path::toString).toList());
    Path warmUp = dir.resolve("warm-up.txt");
    Files.write(warmUp, images.subList(0, Math.min(50, images.size())).stream().map(Path::toString).toList());
    IngestBenchmark.jobImagesPerSecond(spark, config, settings, warmUp, dir.resolve("ingest-warm-up"));
    double[][] ingest = new double[2][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        int variant = (r + k) % 2; // alternate which goes first
        ParquetEncryption.configure(spark, variant == 0 ? EncryptionConfig.NONE : encrypted);
        ingest[variant][r] = IngestBenchmark.jobImagesPerSecond(spark, config, settings, list,
            dir.resolve("ingest-" + r + "-" + name(variant)));
      }
      System.out.printf(Locale.ROOT, "ingest round %d: plaintext %.2f images/s, encrypted %.2f images/s%n", r + 1,
          ingest[0][r], ingest[1][r]);
    }
    report("ingest", "images/s", ingest, true);
  }

  private void facesWriteAndRead(SparkSession spark, EncryptionConfig encrypted, Path dir) throws IOException {
    ParquetEncryption.configure(spark, EncryptionConfig.NONE);
    Dataset<Row> source = FacesDataset.open(spark, faces, List.of(FacesSchema.EMBEDDING)).faces();
    long count = source.count();
    double[][] write = new double[2][rounds];
    double[][] read = new double[2][rounds];
    long[] bytes = new long[2];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        int variant = (r + k) % 2;
        ParquetEncryption.configure(spark, variant == 0 ? EncryptionConfig.NONE : encrypted);
        Path out = dir.resolve("faces-" + r + "-" + name(variant));
        long start = System.nanoTime();
        ParquetEncryption.write(source).partitionBy(FacesSchema.RUN_ID).parquet(out.toString());
        write[variant][r] = count / seconds(start);
        bytes[variant] = size(out);
        start = System.nanoTime();
        double total = spark.read().parquet(out.toString())
            .agg(sum(expr("aggregate(" + FacesSchema.EMBEDDING + ", 0D, (a, x) -> a + x)"))).first().getDouble(0);
        read[variant][r] = count / seconds(start);
        if (Double.isNaN(total)) {
          throw new IllegalStateException(out + " read back a NaN embedding");
        }
      }
      System.out.printf(Locale.ROOT, "faces round %d: write plaintext %.0f, encrypted %.0f faces/s;"
          + " read plaintext %.0f, encrypted %.0f faces/s%n", r + 1, write[0][r], write[1][r], read[0][r], read[1][r]);
    }
    System.out.printf(Locale.ROOT, "faces: %d (%s), %d bytes plaintext, %d encrypted%n", count, faces, bytes[0],
        bytes[1]);
    report("faces write", "faces/s", write, false);
    report("faces read", "faces/s", read, false);
  }

  /**
   * Medians of each, and the median of the rounds' own ratios: on a loaded machine a round's two
   * runs, side by side, share its load, so their ratio drifts less than either figure.
   */
  private static void report(String what, String unit, double[][] rates, boolean decimals) {
    double[] ratios = new double[rates[0].length];
    for (int r = 0; r < ratios.length; r++) {
      ratios[r] = rates[0][r] / rates[1][r];
    }
    System.out.printf(Locale.ROOT, decimals ? "median %s: plaintext %.2f %s, encrypted %.2f %s; encrypted takes %+.1f%% time"
        + " (median of the rounds' ratios)%n" : "median %s: plaintext %.0f %s, encrypted %.0f %s; encrypted takes %+.1f%%"
        + " time (median of the rounds' ratios)%n", what, Stats.median(rates[0]), unit, Stats.median(rates[1]), unit,
        100 * (Stats.median(ratios) - 1));
  }

  /** A fresh random master key, readable by this user only. */
  private static Path keyFile(Path dir) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path file = Files.createFile(dir.resolve("keys"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, "bench:" + Base64.getEncoder().encodeToString(key) + "\n");
    return file;
  }

  private static String name(int variant) {
    return variant == 0 ? "plaintext" : "encrypted";
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
