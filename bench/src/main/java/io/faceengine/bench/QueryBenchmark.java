package io.faceengine.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.bench.index.ExactNeighbours;
import io.faceengine.bench.query.BenchIndex;
import io.faceengine.bench.query.ClientLoad;
import io.faceengine.bench.query.GalleryVectors;
import io.faceengine.bench.query.HttpSearch;
import io.faceengine.bench.query.Probes;
import io.faceengine.bench.query.Probes.Probe;
import io.faceengine.bench.query.Recall;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.query.EmbeddedService;
import io.faceengine.query.router.RoutedSearch;
import io.faceengine.query.router.Router;
import io.faceengine.spark.SparkJobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The query service on a gallery with several shard counts: for each, the index is built (or
 * reused), the embedded service started on loopback, and probe embeddings sent to
 * {@code POST /v1/search} over HTTP by concurrent clients. Reports client-side latency, queries per
 * second, recall@k of the merged answers against exact search over the whole gallery, and the
 * fan-out overhead (the router's time minus its slowest shard's), which the HTTP answer does not
 * carry: a second pass sends the same probes through the router's Java API.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = "Query service latency (p50/p99), queries/s, recall@k against exact search and fan-out overhead,"
        + " per shard count, over loopback HTTP.")
final class QueryBenchmark implements Callable<Integer> {
  private static final String HOST = "127.0.0.1";

  @Option(names = "--gallery", paramLabel = "DIR", required = true,
      description = "The faces dataset (bench gallery's output, or any ingest output); its faces/ when it has one.")
  String gallery;

  @Option(names = "--index-dir", paramLabel = "DIR", required = true,
      description = "Where the indexes live: DIR/shards-N, reused when built from this gallery with N shards.")
  Path indexDir;

  @Option(names = "--shards", split = ",", defaultValue = "1,4,8",
      description = "Shard counts (default: ${DEFAULT-VALUE}).")
  List<Integer> shardCounts;

  @Option(names = "--queries", defaultValue = "2000", description = "Measured queries per shard count (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--warmup", defaultValue = "200", description = "Warm-up queries before each measurement (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--clients", defaultValue = "2", description = "Concurrent HTTP clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--k", defaultValue = "10", description = "Candidates per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--probe-distance", defaultValue = "0.29",
      description = "Distance of each probe from the gallery face it is made from; 0 sends the face itself"
          + " (default: ${DEFAULT-VALUE}, LFW's median same-person distance).")
  double probeDistance;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the probe sample (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report", paramLabel = "FILE", defaultValue = "reports/bench/query.json",
      description = "The JSON report (default: ${DEFAULT-VALUE}, relative to the engine's home).")
  Path report;

  @Mixin SparkJobOptions job;

  /** One shard count's figures; times in milliseconds. */
  record ShardResult(int shards, String index, long generation, String vectorFormat, double buildSeconds,
      boolean reused, int queries, double p50Ms, double p99Ms, double meanMs, double queriesPerSecond,
      double recall, double recallReal, double recallSynthetic, int partialAnswers, double routerP50Ms,
      double overheadP50Ms, double overheadP99Ms, double overheadMeanMs, String loadAfter) {}

  record Report(String gallery, long faces, long realFaces, int queries, int warmup, int clients, int k,
      String probes, double probeDistance, long seed, int cores, String loadStart, String loadEnd, String started,
      List<ShardResult> results) {}

  /** The probes and their exact answers; the gallery's vectors are not kept beyond this. */
  private record Workload(long faces, long realFaces, List<Probe> probes, List<Probe> warmUp, List<String[]> exact,
      List<BenchIndex> indexes) {}

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    if (queries < 1 || warmup < 0 || clients < 1 || k < 1) {
      throw new IllegalArgumentException("--queries, --clients and --k must be positive and --warmup not negative");
    }
    String loadStart = LoadAverage.now();
    String started = Instant.now().toString();
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "query benchmark: %s, shards %s, %d queries + %d warm-up, %d clients, k=%d,"
        + " probes at distance %.2f, %d cores, load %s%n", gallery, shardCounts, queries, warmup, clients, k,
        probeDistance, cores, loadStart);
    Workload work = prepare(config);
    List<ShardResult> results = new ArrayList<>();
    for (BenchIndex index : work.indexes()) {
      results.add(measure(config, index, work));
    }
    String loadEnd = LoadAverage.now();
    printTable(results);
    System.out.printf(Locale.ROOT, "load at start %s, at end %s%n", loadStart, loadEnd);
    Report out = new Report(gallery, work.faces(), work.realFaces(), queries, warmup, clients, k,
        "half real and half synthetic gallery faces (seed " + seed + "), each moved to distance " + probeDistance
            + " in a random direction and re-normalised", probeDistance, seed, cores, loadStart, loadEnd, started,
        results);
    Path file = config.home().resolve(report).normalize();
    Files.createDirectories(file.toAbsolutePath().getParent());
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), out);
    System.out.println("report: " + file);
    return 0;
  }

  /** Reads the gallery, builds or reuses every index, samples the probes and answers them exactly. */
  private Workload prepare(EngineConfig config) throws Exception {
    GalleryVectors vectors;
    List<BenchIndex> indexes = new ArrayList<>();
    try (SparkSession spark = job.session("face-engine bench query")) {
      String faces = facesPath(spark, gallery);
      long read = System.nanoTime();
      vectors = GalleryVectors.read(spark, faces);
      long real = countReal(vectors);
      System.out.printf(Locale.ROOT, "gallery %s: %d faces (%d real, %d synthetic), read in %.1f s%n", faces,
          vectors.size(), real, vectors.size() - real, (System.nanoTime() - read) / 1e9);
      ModelManifest models = ModelManifest.load(config.models().manifest());
      IndexConfig defaults = config.index();
      for (int shards : shardCounts) {
        IndexConfig index = defaults.with(defaults.format(), defaults.m(), defaults.beamWidth(), shards);
        String root = indexDir.resolve("shards-" + shards).toAbsolutePath().toString();
        indexes.add(BenchIndex.ensure(spark, faces, vectors.size(), root, index, models, System.out));
      }
    }
    List<Probe> probes = Probes.sample(vectors, queries, probeDistance, seed);
    List<Probe> warmUp = warmup == 0 ? List.of() : Probes.sample(vectors, warmup, probeDistance, seed + 1);
    long exactStart = System.nanoTime();
    int cores = Runtime.getRuntime().availableProcessors();
    List<String[]> exact = new ExactNeighbours(vectors.faceIds(), vectors.embeddings())
        .top(probes.stream().map(Probe::vector).toList(), k, cores);
    System.out.printf(Locale.ROOT, "exact top %d of %d probes over %d faces: %.1f s on %d threads%n", k, probes.size(),
        vectors.size(), (System.nanoTime() - exactStart) / 1e9, cores);
    return new Workload(vectors.size(), countReal(vectors), probes, warmUp, exact, indexes);
  }

  private ShardResult measure(EngineConfig config, BenchIndex index, Workload work) throws Exception {
    int shards = index.manifest().shardCount();
    try (EmbeddedService service = EmbeddedService.start(config, index.root(), HOST, 0)) {
      Router router = service.service().router();
      if (!router.awaitReady(Duration.ofMinutes(10))) {
        throw new IOException(index.root() + ": the shards did not open a generation within 10 minutes");
      }
      HttpSearch http = new HttpSearch(HOST, service.port());
      List<Probe> probes = work.probes();
      if (!work.warmUp().isEmpty()) {
        ClientLoad.run(clients, work.warmUp().size(), n -> http.search(work.warmUp().get(n).vector(), k));
      }
      String[][] found = new String[probes.size()][];
      boolean[] partial = new boolean[probes.size()];
      ClientLoad.Result load = ClientLoad.run(clients, probes.size(), n -> {
        HttpSearch.Answer answer = http.search(probes.get(n).vector(), k);
        found[n] = answer.faceIds();
        partial[n] = answer.partial();
      });
      // The same probes through the router's Java entry point, for its own and its shards' times.
      double[] routerMs = new double[probes.size()];
      double[] overheadMs = new double[probes.size()];
      ClientLoad.run(clients, probes.size(), n -> {
        RoutedSearch search = router.search(probes.get(n).vector(), k, null);
        routerMs[n] = search.tookNanos() / 1e6;
        overheadMs[n] = (search.tookNanos() - search.slowestShardNanos()) / 1e6;
      });
      double[] recall = new double[probes.size()];
      for (int i = 0; i < recall.length; i++) {
        recall[i] = Recall.of(found[i], work.exact().get(i));
      }
      double[] latency = load.latencyMillis();
      int partialAnswers = 0;
      for (boolean p : partial) {
        partialAnswers += p ? 1 : 0;
      }
      ShardResult result = new ShardResult(shards, index.root(), index.manifest().generation(),
          index.manifest().vectorFormat().configName(),
          index.buildSeconds() != null ? index.buildSeconds() : index.manifest().buildSeconds(),
          index.buildSeconds() == null, probes.size(), Stats.percentile(latency, 50), Stats.percentile(latency, 99),
          mean(latency), load.requestsPerSecond(), mean(recall), meanOfKind(recall, probes, false),
          meanOfKind(recall, probes, true), partialAnswers, Stats.percentile(routerMs, 50),
          Stats.percentile(overheadMs, 50), Stats.percentile(overheadMs, 99), mean(overheadMs), LoadAverage.now());
      System.out.printf(Locale.ROOT, "%d shards: p50 %.2f ms, p99 %.2f ms, %.1f queries/s, recall@%d %.4f,"
          + " fan-out overhead p50 %.3f ms p99 %.3f ms, %d partial, load %s%n", shards, result.p50Ms(), result.p99Ms(),
          result.queriesPerSecond(), k, result.recall(), result.overheadP50Ms(), result.overheadP99Ms(), partialAnswers,
          result.loadAfter());
      return result;
    }
  }

  private void printTable(List<ShardResult> results) {
    System.out.printf(Locale.ROOT, "%-7s %-8s %9s %8s %8s %8s %10s %10s %14s %14s %8s%n", "shards", "format", "build s",
        "p50 ms", "p99 ms", "q/s", "recall@" + k, "router p50", "overhead p50", "overhead p99", "partial");
    for (ShardResult r : results) {
      System.out.printf(Locale.ROOT, "%-7d %-8s %8.1f%s %8.2f %8.2f %8.1f %10.4f %10.2f %14.3f %14.3f %8d%n", r.shards(),
          r.vectorFormat(), r.buildSeconds(), r.reused() ? "*" : " ", r.p50Ms(), r.p99Ms(), r.queriesPerSecond(),
          r.recall(), r.routerP50Ms(), r.overheadP50Ms(), r.overheadP99Ms(), r.partialAnswers());
    }
    System.out.println("latencies client-side over HTTP; router and overhead times (router minus slowest shard) from"
        + " the router's Java API on the same probes; * build time of a reused generation (its manifest's)");
  }

  /** The faces dataset under {@code dir}, qualified as the index build records it: its faces/ when it has one. */
  static String facesPath(SparkSession spark, String dir) throws IOException {
    org.apache.hadoop.fs.Path in = new org.apache.hadoop.fs.Path(dir);
    FileSystem fs = in.getFileSystem(spark.sparkContext().hadoopConfiguration());
    org.apache.hadoop.fs.Path faces = new org.apache.hadoop.fs.Path(in, "faces");
    return fs.makeQualified(fs.exists(faces) ? faces : in).toString();
  }

  private static long countReal(GalleryVectors vectors) {
    long real = 0;
    for (boolean synthetic : vectors.synthetic()) {
      real += synthetic ? 0 : 1;
    }
    return real;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  private static double meanOfKind(double[] values, List<Probe> probes, boolean synthetic) {
    return IntStream.range(0, values.length).filter(i -> probes.get(i).synthetic() == synthetic)
        .mapToDouble(i -> values[i]).average().orElse(Double.NaN);
  }
}
