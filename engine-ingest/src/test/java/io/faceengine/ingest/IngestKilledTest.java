package io.faceengine.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.cli.CommandFailures;
import io.faceengine.core.fault.FaultPoint;
import io.faceengine.core.testing.ChildJvm;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.spark.SparkJobTestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real ingest JVM inside a batch commit (after its images ledger was renamed
 * into place, before its faces), then the same command again: every image exactly once, every face
 * exactly once, and no face visible outside the ledger in between.
 */
class IngestKilledTest extends SparkJobTestCase {
  private static final Duration RUN = Duration.ofMinutes(5);

  @TempDir Path dir;

  /** The ingest command in a JVM of its own, as {@code bin/engine ingest} runs it. */
  public static final class Main {
    public static void main(String[] args) {
      System.exit(CommandFailures.commandLine(new IngestCommand()).execute(args));
    }
  }

  @Test
  void killedDuringABatchCommitThenRunAgainIngestsEveryImageOnce() throws Exception {
    Path input = dir.resolve("in");
    SharedTestData.copyLfw("Tony_Blair", 5, input);
    SharedTestData.copyLfw("Colin_Powell", 4, input);
    Path output = dir.resolve("out");
    String[] args = {"--input", input.toString(), "--output", output.toString(), "--labels", "dir",
        "--master", "local[1]"};
    Map<String, String> smallBatches = Map.of("engine.ingest.commit-batch-images", "4");

    ChildJvm killed = ChildJvm.start(Main.class, Map.of("engine.ingest.commit-batch-images", "4", FaultPoint.PROPERTY,
        FaultPoint.INGEST_COMMIT_AFTER_IMAGES), args);
    killed.awaitPause(FaultPoint.INGEST_COMMIT_AFTER_IMAGES, RUN);
    killed.kill9();
    List<Row> ledger = spark.read().parquet(output.resolve("images").toString()).collectAsList();
    assertFalse(ledger.isEmpty(), "the killed commit had renamed its images batch");
    Set<String> ledgerImages = new HashSet<>();
    ledger.forEach(row -> ledgerImages.add(row.getAs("image_id")));
    if (Files.exists(output.resolve("faces"))) {
      for (Row face : spark.read().parquet(output.resolve("faces").toString()).collectAsList()) {
        assertTrue(ledgerImages.contains(face.<String>getAs("image_id")), "a visible face outside the ledger: " + face);
      }
    }

    ChildJvm again = ChildJvm.start(Main.class, smallBatches, args);
    assertEquals(0, again.awaitExit(RUN), again.output());
    assertTrue(again.output().contains("recovered: completed the interrupted commit"), again.output());

    List<String> inputs;
    try (Stream<Path> files = Files.walk(input)) {
      inputs = files.filter(Files::isRegularFile).map(f -> f.toUri().getPath()).sorted().toList();
    }
    List<Row> images = spark.read().parquet(output.resolve("images").toString()).collectAsList();
    assertEquals(inputs, images.stream().map(r -> Path.of(java.net.URI.create(r.<String>getAs("image_uri"))).toUri()
        .getPath()).sorted().toList(), "every input image exactly once in the ledger");
    long faces = images.stream().mapToLong(r -> r.<Integer>getAs("face_count")).sum();
    assertTrue(faces >= inputs.size(), "LFW images each hold a face: " + faces);
    var faceRows = spark.read().parquet(output.resolve("faces").toString());
    assertEquals(faces, faceRows.count(), "every face of the ledger exactly once");
    assertEquals(faces, faceRows.select("face_id").distinct().count(), "no duplicated face");
    Files.createDirectories(output.resolve("_staging")); // absent is as good as empty
    try (Stream<Path> staged = Files.walk(output.resolve("_staging"))) {
      assertEquals(List.of(), staged.filter(p -> p.getFileName().toString().startsWith("batch=")).toList(),
          "no batch left staged");
    }
  }
}
