package io.faceengine.bench.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.bench.capacity.FanOutSimulation.Tail;
import io.faceengine.core.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The capacity model's fan-out simulation, queue and inputs, and the command on the project's own result files. */
class CapacityBenchmarkTest {
  private static final Path RESULTS = SharedTestData.projectDir().resolve("bench/results");
  /** 1, 2, ..., 1000 ms: the q-quantile is about 1000 q. */
  private static final LatencyDistribution UNIFORM = LatencyDistribution.empirical(
      IntStream.rangeClosed(1, 1000).asDoubleStream().toArray());

  @TempDir Path dir;

  @Test
  void oneShardGivesBackTheInputDistribution() {
    Tail measured = simulate(UNIFORM, 1, 200_000);
    assertEquals(990, measured.p99(), 3, "p99 of 1..1000 ms");
    assertEquals(500, measured.p50(), 3);
    Tail fitted = simulate(LatencyDistribution.logNormal(16, 30), 1, 200_000);
    assertEquals(16, fitted.p50(), 0.2, "the log-normal's median is the given p50");
    assertEquals(30, fitted.p99(), 0.6, "and its p99 the given p99");
  }

  @Test
  void aQueryWaitsForItsSlowestShard() {
    // The median of the slowest of S draws is the per-shard quantile 0.5^(1/S).
    for (int shards : new int[] {4, 64, 1024}) {
      Tail tail = simulate(UNIFORM, shards, 20_000);
      assertEquals(1000 * Math.pow(0.5, 1.0 / shards), tail.p50(), 4, "median over " + shards + " shards");
    }
    LatencyDistribution shard = LatencyDistribution.logNormal(16, 30);
    double previous = 0;
    for (int shards : new int[] {1, 64, 256, 1024}) {
      Tail tail = simulate(shard, shards, 20_000);
      assertTrue(tail.p99() > previous && tail.p50() > 16, shards + " shards: " + tail);
      previous = tail.p99();
    }
  }

  @Test
  void theRouterAddsItsOverheadAndAMergeCostPerShard() {
    Tail bare = new FanOutSimulation(UNIFORM, null, 0, ShardQueue.NONE).run(64, 20_000, 7);
    Tail routed = new FanOutSimulation(UNIFORM, LatencyDistribution.empirical(new double[] {3}), 0.5, ShardQueue.NONE)
        .run(64, 20_000, 7);
    assertEquals(bare.p50() + 3 + 32, routed.p50(), 1e-9, "the same draws, plus 3 ms and 64 x 0.5 ms");
  }

  @Test
  void searchesWaitAsInAnErlangCQueue() {
    assertEquals(0.3, new ShardQueue(1, 0.03, 10).waitProbability(), 1e-12, "M/M/1: a search waits with p = rho");
    assertEquals(1.0 / 3, new ShardQueue(2, 0.1, 10).waitProbability(), 1e-12, "2 cores, 1 busy on average");
    ShardQueue queue = new ShardQueue(1, 0.05, 10); // rho 0.5: mean wait rho / (mu - lambda) = 10 ms
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    double sum = 0;
    for (int i = 0; i < 200_000; i++) {
      sum += queue.sampleWait(random);
    }
    assertEquals(10, sum / 200_000, 0.2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ShardQueue(16, 2, 10));
    assertTrue(e.getMessage().contains("add replicas"), e.getMessage());
  }

  @Test
  void readsTheMeasuredFigures() throws Exception {
    MeasuredFigures figures = MeasuredFigures.read(RESULTS.resolve("index-1m.json"),
        RESULTS.resolve("query-1m-shards.json"), RESULTS.resolve("peers-200k-quiet.json"), null);
    assertEquals(java.util.List.of("float32", "int8", "int4", "binary"),
        figures.formats().stream().map(MeasuredFigures.FormatFigures::format).toList());
    assertEquals(260, figures.format("int8").vectorsPerSecondPerCore());
    assertEquals(194, figures.format("int8").ramBytesPerVector());
    assertEquals(1.0, figures.format("int8").latencyFactor(), 1e-12);
    assertNotNull(figures.format("float32").latencyFactor());
    assertNull(figures.format("binary").latencyFactor(), "binary did not reach recall 0.98 in the peers run");
    Tail oneShard = new FanOutSimulation(figures.shardLatency(), null, 0, ShardQueue.NONE).run(1, 200_000, 1);
    assertEquals(15.99, oneShard.p50(), 0.3, "the 1-shard row's p50");
    assertEquals(30.34, oneShard.p99(), 0.8, "the 1-shard row's p99");

    Path latencies = Files.writeString(dir.resolve("latencies.json"), "{\"latencyMs\": [1, 2, 3, 4]}");
    MeasuredFigures measured = MeasuredFigures.read(RESULTS.resolve("index-1m.json"),
        RESULTS.resolve("query-1m-shards.json"), RESULTS.resolve("peers-200k-quiet.json"), latencies);
    assertEquals(2.5, measured.shardLatency().mean(), 1e-12);
  }

  @Test
  void badInputsAreNamed() throws Exception {
    Path noFormats = Files.writeString(dir.resolve("index.json"), "{\"machine\": \"x\"}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeasuredFigures.read(noFormats,
        RESULTS.resolve("query-1m-shards.json"), RESULTS.resolve("peers-200k-quiet.json"), null));
    assertTrue(e.getMessage().contains(noFormats.toString()) && e.getMessage().contains("'formats'"), e.getMessage());
    Path words = Files.writeString(dir.resolve("latencies.json"), "[1, \"slow\"]");
    e = assertThrows(IllegalArgumentException.class, () -> MeasuredFigures.read(RESULTS.resolve("index-1m.json"),
        RESULTS.resolve("query-1m-shards.json"), RESULTS.resolve("peers-200k-quiet.json"), words));
    assertTrue(e.getMessage().contains("latency 1 is not a number"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MeasuredFigures.read(dir.resolve("missing.json"),
        RESULTS.resolve("query-1m-shards.json"), RESULTS.resolve("peers-200k-quiet.json"), null));
    assertTrue(e.getMessage().contains("missing.json: no such file"), e.getMessage());
  }

  @Test
  void theCommandSizesABillionFacesAndWritesItsReport() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Path report = dir.resolve("capacity.json");
    int code = new CommandLine(new CapacityBenchmark(new PrintStream(bytes, true, StandardCharsets.UTF_8))).execute(
        "--index-figures", RESULTS.resolve("index-1m.json").toString(),
        "--query-figures", RESULTS.resolve("query-1m-shards.json").toString(),
        "--peers-figures", RESULTS.resolve("peers-200k-quiet.json").toString(),
        "--queries", "2000", "--fan-out", "1,64,1024", "--report", report.toString());
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    assertTrue(out.contains("| 1e+09 | int8 | 1000 |"), out);
    JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
    JsonNode billionInt8 = json.get("sizing").get(5); // 1e8 x 4 formats, then 1e9: float32, int8
    assertEquals(1_000_000_000L, billionInt8.get("faces").asLong());
    assertEquals(1000, billionInt8.get("shards").asInt());
    assertEquals(1e9 * 865 / Math.pow(1024, 4), billionInt8.get("diskTiB").asDouble(), 1e-9);
    assertEquals(1e9 / 260 / 256 / 3600, billionInt8.get("buildHours").asDouble(), 1e-9);
    JsonNode fanOut = json.get("fanOut");
    assertTrue(fanOut.get(2).get("unloaded").get("p99").asDouble() > fanOut.get(0).get("unloaded").get("p99").asDouble(),
        "the tail grows with the shards: " + fanOut);
  }

  private static Tail simulate(LatencyDistribution shard, int shards, int queries) {
    return new FanOutSimulation(shard, null, 0, ShardQueue.NONE).run(shards, queries, 11);
  }
}
