package io.faceengine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.GenerationManifest.ShardFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationManifestTest {
  private static final String SHA = "ab".repeat(32);

  static GenerationManifest manifest(long generation, List<ShardEntry> shards) {
    long total = shards.stream().mapToLong(ShardEntry::docs).sum();
    return new GenerationManifest(GenerationManifest.FORMAT_VERSION, generation, "dlib-resnet-v1", 128,
        DistanceMetric.EUCLIDEAN, "DOT_PRODUCT", VectorFormat.INT8, 16, 100, "10.6.0", "file:/data/faces",
        List.of("run-a", "run-b"), "2026-11-22T18:51:00Z", 12.5, total, shards, null, List.of(), List.of(), 0, null);
  }

  static ShardEntry shard(int shard, long docs) {
    return new ShardEntry(shard, docs, List.of(new ShardFile("segments_1", 154, SHA), new ShardFile("_0.cfs", 9000, SHA)));
  }

  @Test
  void roundTripsThroughJson() {
    GenerationManifest original = manifest(3, List.of(shard(0, 10), shard(1, 12)));
    String json = original.toJson();
    GenerationManifest read = GenerationManifest.fromJson(json, "test");
    assertEquals(original, read);
    assertEquals(2, read.shardCount());
    assertTrue(json.contains("\"vectorFormat\" : \"INT8\""), json);
    assertTrue(json.contains("\"metric\" : \"EUCLIDEAN\""), json);
    assertTrue(json.contains("\"sha256\" : \"" + SHA + "\""), json);
    assertEquals(json, read.toJson(), "serialising again gives the same text");
  }

  /** Format 4 records templates; a format 3 manifest (no templates fields) still reads, without templates. */
  @Test
  void templatesRoundTripAndOlderManifestsReadWithout() {
    GenerationManifest plain = manifest(3, List.of(shard(0, 10), shard(1, 12)));
    assertEquals(5, GenerationManifest.FORMAT_VERSION);
    GenerationManifest withTemplates = GenerationManifest.builder(3)
        .model(plain.modelId(), plain.dimension(), plain.metric(), plain.similarity())
        .shardFormat(plain.vectorFormat(), plain.hnswM(), plain.hnswBeamWidth())
        .input(plain.input(), plain.sourceRuns())
        .built(java.time.Instant.parse(plain.buildStarted()), 1)
        .shards(List.of(new ShardEntry(0, 10, shard(0, 10).files(), 3), new ShardEntry(1, 12, shard(1, 12).files(), 4)))
        .templates(true)
        .build();
    GenerationManifest read = GenerationManifest.fromJson(withTemplates.toJson(), "test");
    assertEquals(withTemplates, read);
    assertTrue(read.templates());
    assertEquals(7, read.totalTemplates());
    assertEquals(22, read.totalDocs(), "faces only");

    String format3 = plain.toJson().replace("\"formatVersion\" : 5", "\"formatVersion\" : 3")
        .replace(",\n  \"searchBreadth\" : null", "").replace(",\n  \"templates\" : false", "").replaceAll(",\\s*\"templates\" : 0", "");
    assertTrue(!format3.contains("templates") && !format3.contains("searchBreadth"), format3);
    GenerationManifest old = GenerationManifest.fromJson(format3, "gen-3/manifest.json");
    assertEquals(false, old.templates());
    assertEquals(0, old.totalTemplates());
    assertEquals(null, old.searchBreadth(), "format 5 added the search breadth");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenerationManifest.fromJson(
        withTemplates.toJson().replace("\"templates\" : true", "\"templates\" : false"), "m"));
    assertTrue(e.getMessage().contains("templates"), e.getMessage());
  }

  @Test
  void inconsistentManifestsAreRejectedNamingTheProblem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> manifest(1, List.of(shard(1, 10), shard(0, 12))));
    assertTrue(e.getMessage().contains("in order"), e.getMessage());

    String json = manifest(1, List.of(shard(0, 10))).toJson();
    e = assertThrows(IllegalArgumentException.class,
        () -> GenerationManifest.fromJson(json.replace("\"totalDocs\" : 10", "\"totalDocs\" : 11"), "gen-1/manifest.json"));
    assertTrue(e.getMessage().contains("gen-1/manifest.json") && e.getMessage().contains("totalDocs is 11"),
        e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> GenerationManifest.fromJson(json.replace(SHA, "xyz"), "m"));
    assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains("xyz"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> GenerationManifest.fromJson(json.replace("{", "{ \"comment\" : \"x\","), "m"));
    assertTrue(e.getMessage().contains("comment"), "unknown fields are rejected: " + e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> GenerationManifest.fromJson(json.replace("\"buildStarted\" : \"2026-11-22T18:51:00Z\"",
            "\"buildStarted\" : \"yesterday\""), "m"));
    assertTrue(e.getMessage().contains("buildStarted"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> new ShardEntry(0, 1, List.of(new ShardFile("../escape", 1, SHA))));
    assertTrue(e.getMessage().contains("../escape"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> new ShardEntry(0, 1, List.of(new ShardFile("a", 1, SHA), new ShardFile("a", 2, SHA))));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }
}
