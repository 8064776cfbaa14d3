package io.faceengine.bench.capacity;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.bench.capacity.CapacityModel.FanOut;
import io.faceengine.bench.capacity.CapacityModel.Sizing;
import io.faceengine.bench.capacity.FanOutSimulation.Tail;
import io.faceengine.bench.capacity.MeasuredFigures.FormatFigures;
import io.faceengine.core.config.EngineConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bin/engine bench capacity}: the billion-face capacity model. From figures measured here
 * ({@link MeasuredFigures}), for each index size and vector format: shards, replicas for the load,
 * memory, disk, build hours on N cores and the query latency tail at a given q/s, the fan-out
 * simulated from one shard's measured latency distribution ({@link FanOutSimulation}); then the tail
 * of int8 shards for 64 to 1,024 shards. Nothing is built or searched: it computes.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true,
    description = "Capacity model for 10^8 and 10^9 faces from measured figures: shards, RAM, disk, build hours and"
        + " the fan-out latency tail (Monte Carlo over the measured per-shard latency).")
public final class CapacityBenchmark implements Callable<Integer> {
  @Option(names = "--index-figures", paramLabel = "FILE", defaultValue = "bench/results/index-1m.json",
      description = "bench index at 1M faces: build rate and bytes per vector by format (default: ${DEFAULT-VALUE}).")
  Path indexFigures;

  @Option(names = "--query-figures", paramLabel = "FILE", defaultValue = "bench/results/query-1m-shards.json",
      description = "bench query at 1M faces: the 1-shard row's latency and router overhead (default: ${DEFAULT-VALUE}).")
  Path queryFigures;

  @Option(names = "--peers-figures", paramLabel = "FILE", defaultValue = "bench/results/peers-200k-quiet.json",
      description = "bench peers: each format's search time at recall@10 0.98 relative to int8"
          + " (default: ${DEFAULT-VALUE}).")
  Path peersFigures;

  @Option(names = "--shard-latencies", paramLabel = "FILE",
      description = "Measured latencies of one shard (a JSON array of ms, or {\"latencyMs\": [...]}), drawn from instead"
          + " of the log-normal through the query figures' p50 and p99.")
  Path shardLatencies;

  @Option(names = "--faces", split = ",", defaultValue = "100000000,1000000000",
      description = "Index sizes (default: ${DEFAULT-VALUE}).")
  List<Long> faces;

  @Option(names = "--shard-size", defaultValue = "1000000",
      description = "Faces per shard: the size the per-shard latency was measured at (default: ${DEFAULT-VALUE}).")
  long shardSize;

  @Option(names = "--qps", defaultValue = "100", description = "Searches per second (default: ${DEFAULT-VALUE}).")
  double qps;

  @Option(names = "--host-cores", defaultValue = "16", description = "Cores of a shard host (default: ${DEFAULT-VALUE}).")
  int hostCores;

  @Option(names = "--max-utilisation", defaultValue = "0.5",
      description = "Busiest share of a shard host's cores; replicas are added beyond (default: ${DEFAULT-VALUE}).")
  double maxUtilisation;

  @Option(names = "--build-cores", defaultValue = "256", description = "Cores a build runs on (default: ${DEFAULT-VALUE}).")
  int buildCores;

  @Option(names = "--merge-ms-per-shard", defaultValue = "0.01",
      description = "The router's cost per shard answer received and merged, an assumption (default: ${DEFAULT-VALUE}).")
  double mergeMsPerShard;

  @Option(names = "--fan-out", split = ",", defaultValue = "1,64,128,256,512,1024",
      description = "Shard counts of the fan-out table (default: ${DEFAULT-VALUE}).")
  List<Integer> fanOut;

  @Option(names = "--queries", defaultValue = "20000", description = "Simulated queries per figure (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
  Path report;

  @Spec CommandSpec spec;

  private final PrintStream out;

  public CapacityBenchmark() {
    this(System.out);
  }

  CapacityBenchmark(PrintStream out) {
    this.out = out;
  }

  /** What a run printed, as JSON. */
  public record Report(String command, String date, String machine, List<String> sources, List<String> assumptions,
      long shardSize, double qps, int hostCores, double maxUtilisation, int buildCores, double mergeMsPerShard, int queries,
      List<Sizing> sizing, List<FanOut> fanOut) {}

  @Override
  public Integer call() throws Exception {
    Path home = EngineConfig.forCommand(null).home();
    MeasuredFigures figures = MeasuredFigures.read(home.resolve(indexFigures), home.resolve(queryFigures),
        home.resolve(peersFigures), shardLatencies == null ? null : home.resolve(shardLatencies));
    CapacityModel model = new CapacityModel(figures, shardSize, qps, hostCores, maxUtilisation, buildCores,
        mergeMsPerShard, queries, seed);
    out.printf(Locale.ROOT, "capacity model: shards of %,d faces, %.0f searches/s, shard hosts of %d cores at most %.0f%%"
        + " busy, builds on %d cores, %,d simulated queries per figure%n", shardSize, qps, hostCores,
        maxUtilisation * 100, buildCores, queries);
    figures.sources().forEach(s -> out.println("  from " + s));
    List<Sizing> sizing = new ArrayList<>();
    for (long n : faces) {
      for (FormatFigures format : figures.formats()) {
        sizing.add(model.size(n, format));
      }
    }
    List<FanOut> tails = model.fanOut(fanOut);
    printSizing(sizing);
    printFanOut(tails);
    if (report != null) {
      Path file = home.resolve(report);
      Files.createDirectories(file.toAbsolutePath().getParent());
      String command = "bin/engine bench capacity " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), new Report(
          command, Instant.now().toString(), "inputs measured on " + figures.machine(), figures.sources(), assumptions(), shardSize, qps, hostCores, maxUtilisation,
          buildCores, mergeMsPerShard, queries, sizing, tails));
      out.println("report: " + file);
    }
    return 0;
  }

  /** What the model takes for granted; docs/benchmarks.md explains each. */
  static List<String> assumptions() {
    return List.of(
        "every search reaches every shard; a query waits for its slowest shard, then the router's overhead and merge",
        "one shard per host; a host runs one search per core at a time (M/M/c queue at the offered load)",
        "shard latencies are independent draws: no shared slowdown (garbage collection, a noisy neighbour)",
        "the per-shard latency was measured on this 2-core machine through the service, so it includes HTTP and"
            + " contention: pessimistic for a dedicated host",
        "bytes per vector and build rate are those measured for 128-d embeddings; 512-d vectors take about 4x the"
            + " vector bytes",
        "other formats' latency = int8's scaled by their in-process p50 ratio at recall@10 0.98 (200k faces)");
  }

  private void printSizing(List<Sizing> sizing) {
    out.println();
    out.println("| faces | format | shards | replicas | hosts | RAM to search GiB | + re-rank floats GiB | disk TiB | build h |"
        + " host busy | p50 ms | p99 ms | p99.9 ms |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Sizing s : sizing) {
      Tail t = s.latency();
      out.printf(Locale.ROOT, "| %.0e | %s | %d | %d | %d | %,.0f | %,.0f | %.2f | %.1f | %s | %s | %s | %s |%n",
          (double) s.faces(), s.format(), s.shards(), s.replicas(), s.hosts(), s.ramSearchGiB(), s.ramRerankGiB(),
          s.diskTiB(), s.buildHours(), t == null ? "-" : String.format(Locale.ROOT, "%.0f%%", s.utilisation() * 100),
          ms(t == null ? Double.NaN : t.p50()), ms(t == null ? Double.NaN : t.p99()),
          ms(t == null ? Double.NaN : t.p999()));
    }
  }

  private void printFanOut(List<FanOut> tails) {
    out.println();
    out.println("fan-out tail, int8 shards of " + String.format(Locale.ROOT, "%,d", shardSize) + " faces:");
    out.println("| shards | p50 ms | p99 ms | p99.9 ms | at " + String.format(Locale.ROOT, "%.0f", qps)
        + " q/s: replicas | host busy | p50 ms | p99 ms | p99.9 ms |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (FanOut f : tails) {
      out.printf(Locale.ROOT, "| %d | %s | %s | %s | %d | %.0f%% | %s | %s | %s |%n", f.shards(), ms(f.unloaded().p50()),
          ms(f.unloaded().p99()), ms(f.unloaded().p999()), f.replicas(), f.utilisation() * 100, ms(f.loaded().p50()),
          ms(f.loaded().p99()), ms(f.loaded().p999()));
    }
  }

  private static String ms(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }
}
