package io.faceengine.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.bench.FaceLikeGallery;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench peers} end to end on 2,000 face-like vectors: real Lucene shards in every format, the
 * index build job (Spark local[2]) and the embedded service over loopback HTTP, and the real Python
 * peers from Debian's packages. The run's own output is parsed back (its last line and its JSON)
 * and every system's recall at its widest setting must clear a floor. Nothing is timed. Without
 * python3-hnswlib and python3-faiss the test fails under CI (which installs them) and is aborted
 * elsewhere, after checking the engine's side.
 */
class PeersBenchmarkTest {
  private static final Pattern LAST_LINE = Pattern.compile("at recall@10 0\\.98: lucene/hnswlib q/s (\\d+\\.\\d\\d|n/a),"
      + " build (\\d+\\.\\d\\d|n/a); service p50 (\\d+\\.\\d\\d|n/a) ms");
  /** Recall@10 each system must reach at its widest setting (200 candidates; IVF-PQ: 16 lists of its codes). */
  private static final Map<String, Double> FLOORS = Map.of("lucene-float32", 0.97, "lucene-int8", 0.97, "lucene-int4",
      0.97, "lucene-binary", 0.9, "service-1-client", 0.97, "service-2-clients", 0.97, "hnswlib", 0.97, "faiss-hnsw",
      0.97, "faiss-ivfpq", 0.3);

  @TempDir Path dir;

  @Test
  void runParsesItsOwnOutputAndEverySystemClearsTheRecallFloor() throws Exception {
    FaceLikeGallery.write(dir.resolve("gallery/faces"), 400, 5, 11);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      exit = new CommandLine(new PeersBenchmark(out)).execute("--gallery", dir.resolve("gallery").toString(),
          "--output", dir.resolve("run").toString(), "--queries", "100", "--warmup", "10", "--breadth", "10,50,200",
          "--nprobe", "1,16", "--master", "local[2]");
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);
    List<String> lines = output.lines().toList();
    Matcher last = LAST_LINE.matcher(lines.getLast());
    assertTrue(last.matches(), "last line: " + lines.getLast());

    JsonNode report = new JsonMapper().readTree(dir.resolve("run/peers.json").toFile());
    assertEquals(lines.getLast(), report.get("lastLine").asText());
    assertTrue(report.get("command").asText().startsWith("bin/engine bench peers --gallery "), report.get("command").asText());
    assertEquals(2000, report.get("vectors").asLong());
    assertTrue(Files.size(dir.resolve("run/recall-qps.png")) > 0);
    int dimension = ModelManifest.load(EngineConfig.load(SharedTestData.projectDir()).models().manifest())
        .defaultModel(ModelRole.EMBEDDER).outputDimension(); // FaceLikeGallery's
    assertEquals(8 + 2000L * dimension * 4, Files.size(dir.resolve("run/vectors.f32")));
    List<String> systems = new ArrayList<>();
    for (JsonNode system : report.get("systems")) {
      String name = system.get("system").asText();
      systems.add(name);
      JsonNode settings = system.get("settings");
      assertEquals(name.equals("faiss-ivfpq") ? 2 : 3, settings.size(), name);
      for (JsonNode s : settings) {
        assertTrue(s.get("p50Ms").asDouble() > 0 && s.get("p99Ms").asDouble() >= s.get("p50Ms").asDouble()
            && s.get("queriesPerSecond").asDouble() > 0, name + " " + s);
        Pattern line = Pattern.compile("\\s+" + Pattern.quote(name) + "\\s+" + Pattern.quote(s.get("setting").asText())
            + "\\s+recall@10 .*");
        assertTrue(lines.stream().anyMatch(l -> line.matcher(l).matches()), "printed: " + name + " " + s.get("setting"));
      }
      double widest = settings.get(settings.size() - 1).get("recall").asDouble();
      assertTrue(widest >= FLOORS.get(name), name + ": recall@10 " + widest + " at its widest setting, floor "
          + FLOORS.get(name));
      assertTrue(system.get("buildSeconds").asDouble() > 0 && system.get("ramBytesPerVector").asDouble() > 0, name);
    }
    assertEquals(List.of("lucene-float32", "lucene-int8", "lucene-int4", "lucene-binary", "service-1-client",
        "service-2-clients"), systems.subList(0, 6));
    assertTrue(!last.group(3).equals("n/a"), "the service reaches recall 0.98: " + lines.getLast());

    PythonPeers.Check check = new PythonPeers("/usr/bin/python3",
        SharedTestData.projectDir().resolve(PeersBenchmark.SCRIPT)).check();
    if (!check.allPresent()) {
      String message = "the peers cannot run: " + check.missing() + "; install them with: " + PythonPeers.INSTALL;
      if (SharedTestData.inCi()) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    assertEquals(List.of("hnswlib", "faiss-hnsw", "faiss-ivfpq"), systems.subList(6, systems.size()));
    assertTrue(!last.group(1).equals("n/a") && !last.group(2).equals("n/a"), "hnswlib compared: " + lines.getLast());
  }
}
