package io.faceengine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.index.GenerationVerifier.VerifyReport;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.index.store.TestGenerations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationVerifierTest {
  @TempDir Path dir;

  private GenerationStore store() {
    return new GenerationStore(new Configuration(), dir.resolve("index").toString());
  }

  @Test
  void aSoundGenerationPassesWithItsRecallMeasured() throws IOException {
    GenerationStore store = store();
    long gen = TestGenerations.publish(store, dir.resolve("build"), 3); // 20 + 22 + 24 faces
    VerifyReport report = new GenerationVerifier(store, dir.resolve("scratch")).verify(gen, 30, 5, 7);
    assertEquals(java.util.List.of(), report.problems());
    assertEquals(30, report.probes());
    assertTrue(report.recallAt10() >= 0.95, report.summary());
    assertEquals(1.0, report.selfAtTop1(), report.summary());
    assertTrue(report.ok(0.95));
    assertTrue(report.summary().contains("seed 7"), report.summary());
  }

  @Test
  void aChangedFileIsReportedByShardAndName() throws IOException {
    GenerationStore store = store();
    long gen = TestGenerations.publish(store, dir.resolve("build"), 2);
    Path shard = Path.of(store.shardPath(gen, 1).toUri());
    Path victim;
    try (Stream<Path> files = Files.list(shard)) {
      victim = files.filter(p -> p.getFileName().toString().endsWith(".fdt")).findFirst().orElseThrow();
    }
    Files.write(victim, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
    VerifyReport report = new GenerationVerifier(store, dir.resolve("scratch")).verify(gen, 10, 5, 1);
    assertFalse(report.ok(0));
    assertEquals(1, report.problems().size(), report.summary());
    assertTrue(report.problems().get(0).startsWith("shard 1: ") && report.problems().get(0).contains(
        victim.getFileName().toString()), report.summary());
    assertEquals(0, report.probes(), "no measurement on a damaged generation");
  }

  /** A manifest whose counts disagree with the shards (its checksums still match the files). */
  @Test
  void aCountDifferentFromTheManifestIsReported() throws IOException {
    GenerationStore store = store();
    long gen = TestGenerations.publish(store, dir.resolve("build"), 2); // 20 + 22 faces
    Path manifest = dir.resolve("index/gen-" + gen + "/manifest.json");
    String json = Files.readString(manifest);
    Files.writeString(manifest, json.replace("\"docs\" : 20", "\"docs\" : 19").replace("\"totalDocs\" : 42",
        "\"totalDocs\" : 41"));
    VerifyReport report = new GenerationVerifier(store, dir.resolve("scratch")).verify(gen, 10, 5, 1);
    assertEquals(java.util.List.of("shard 0: 20 faces, the manifest says 19"), report.problems());
  }
}
