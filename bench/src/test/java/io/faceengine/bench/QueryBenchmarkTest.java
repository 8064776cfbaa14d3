package io.faceengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench query} end to end on a small gallery of face-like vectors (a "real" run and a
 * synthetic one): real index builds with Spark local[2], the embedded service on loopback, HTTP
 * clients; then a second run that reuses the indexes.
 */
class QueryBenchmarkTest {
  private static final int IDENTITIES = 600;
  private static final int FACES_EACH = 5;

  @TempDir static Path dir;

  @BeforeAll
  static void writeGallery() {
    FaceLikeGallery.write(dir.resolve("gallery/faces"), IDENTITIES, FACES_EACH, 5);
  }

  @Test
  void measuresEveryShardCountThenReusesTheIndexes() throws Exception {
    JsonNode first = run("1,2");
    assertEquals(IDENTITIES * FACES_EACH, first.get("faces").asLong());
    assertEquals(IDENTITIES / 5 * FACES_EACH, first.get("realFaces").asLong());
    assertEquals(2, first.get("results").size());
    for (int i = 0; i < 2; i++) {
      JsonNode r = first.get("results").get(i);
      assertEquals(i + 1, r.get("shards").asInt());
      assertFalse(r.get("reused").asBoolean(), "built in this run");
      assertTrue(r.get("buildSeconds").asDouble() > 0);
      assertEquals(80, r.get("queries").asInt());
      assertTrue(r.get("p50Ms").asDouble() > 0 && r.get("p99Ms").asDouble() >= r.get("p50Ms").asDouble(), r.toString());
      assertTrue(r.get("queriesPerSecond").asDouble() > 0);
      assertTrue(r.get("recall").asDouble() > 0.9, "recall@10 " + r.get("recall"));
      assertTrue(r.get("recallReal").asDouble() > 0.9 && r.get("recallSynthetic").asDouble() > 0.9, r.toString());
      assertEquals(0, r.get("partialAnswers").asInt());
      assertTrue(r.get("routerP50Ms").asDouble() > 0);
      assertTrue(r.get("overheadP50Ms").asDouble() >= 0 && r.get("overheadP50Ms").asDouble() < r.get("routerP50Ms").asDouble(),
          "the overhead is part of the router's time: " + r);
    }
    JsonNode again = run("2");
    JsonNode reused = again.get("results").get(0);
    assertTrue(reused.get("reused").asBoolean(), "the 2-shard index of the same gallery is reused");
    assertEquals(first.get("results").get(1).get("generation").asLong(), reused.get("generation").asLong());
  }

  private static JsonNode run(String shards) throws Exception {
    Path report = dir.resolve("report-" + shards + ".json");
    int exit = new CommandLine(new QueryBenchmark()).execute("--gallery", dir.resolve("gallery").toString(),
        "--index-dir", dir.resolve("indexes").toString(), "--shards", shards, "--queries", "80", "--warmup", "10",
        "--clients", "2", "--master", "local[2]", "--report", report.toString());
    assertEquals(0, exit);
    return new JsonMapper().readTree(report.toFile());
  }
}
