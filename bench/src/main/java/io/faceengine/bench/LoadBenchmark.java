package io.faceengine.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.management.OperatingSystemMXBean;
import io.faceengine.bench.load.Answer;
import io.faceengine.bench.load.LoadClient;
import io.faceengine.bench.load.LoadClient.Body;
import io.faceengine.bench.load.PhaseResult;
import io.faceengine.bench.load.ServiceProcess;
import io.faceengine.bench.load.ServerTimes;
import io.faceengine.bench.load.ServiceProcess.Memory;
import io.faceengine.bench.query.BenchIndex;
import io.faceengine.bench.query.GalleryVectors;
import io.faceengine.bench.query.HttpSearch;
import io.faceengine.bench.query.Probes;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.spark.SparkJobOptions;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The query service under load and overload (docs/query.md, Load and overload): {@code bin/engine
 * serve} started as its own process over an index of the gallery, then repeated runs of a closed
 * loop at saturation (as many clients as the service admits, in flight and queued), an open loop at
 * {@code --overload} times the throughput that reached, a few requests right after, and an idle
 * pause. Reports throughput, latency, answers by kind (2xx, 429, 503 overloaded, other 5xx), how
 * fast overload answers come, and the service's heap and resident memory after each phase.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Query service throughput, latency and answers at saturation and at 4x saturation, overload answer"
        + " latency, and the service's heap and RSS across repeated runs.")
final class LoadBenchmark implements Callable<Integer> {
  private static final int RECOVERY_REQUESTS = 20;

  @Option(names = "--gallery", paramLabel = "DIR", required = true,
      description = "The faces dataset (an ingest output); its faces/ when it has one.")
  String gallery;

  @Option(names = "--index-dir", paramLabel = "DIR", required = true,
      description = "The index root served: reused when built from this gallery with --shards, else built there.")
  Path indexDir;

  @Option(names = "--shards", defaultValue = "2", description = "Shards of the index (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Search with the first 20 .jpg images under DIR (multipart) instead of embeddings of the gallery.")
  Path images;

  @Option(names = "--runs", defaultValue = "3", description = "Repeated runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--duration", defaultValue = "PT30S",
      description = "Each phase's length, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "PT10S", description = "Warm-up at saturation before the runs (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--idle", defaultValue = "PT15S",
      description = "Idle pause after each run, before its memory is read (default: ${DEFAULT-VALUE}).")
  Duration idle;

  @Option(names = "--overload", defaultValue = "4", description = "The overload phase's rate, in multiples of the"
      + " saturation phase's throughput (default: ${DEFAULT-VALUE}).")
  double overload;

  @Option(names = "--max-in-flight", defaultValue = "0",
      description = "engine.query.max-in-flight for the service; 0 keeps the configured value (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--max-queued", defaultValue = "0",
      description = "engine.query.max-queued for the service; 0 keeps the configured value (default: ${DEFAULT-VALUE}).")
  int maxQueued;

  @Option(names = "--clients", defaultValue = "0",
      description = "Clients of the saturation phase; 0 for as many as the service admits, in flight and queued"
          + " (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--max-outstanding", defaultValue = "2000",
      description = "Most requests the overload phase has waiting for an answer at once (default: ${DEFAULT-VALUE}).")
  int maxOutstanding;

  @Option(names = "--report", paramLabel = "FILE", defaultValue = "reports/bench/load.json",
      description = "The JSON report (default: ${DEFAULT-VALUE}, relative to the engine's home).")
  Path report;

  @Mixin SparkJobOptions job;

  @Spec CommandSpec spec;

  /** One run: its phases, and the service's memory before it, after its load and after the idle pause. */
  record Run(int run, PhaseResult saturation, PhaseResult overload, PhaseResult rightAfter,
      ServerSide overloadServerSide, Memory before, Memory afterLoad, Memory afterIdle, String loadAverage) {}

  /** The overload phase's answers as the service timed them (histogram bounds, ms): without the client's waits for a core. */
  record ServerSide(double okP99Ms, double overloadedP50Ms, double overloadedP99Ms) {}

  /** The targets of issue 14, checked on every run. */
  record Targets(int serverErrorsAtSaturation, double overloadedP99MsMax, boolean overloadedUnder50Ms,
      double serverOverloadedP99MsMax, double rssAfterIdleSpread, boolean rssWithin20Percent,
      double rssAfterIdleFirstToLast) {}

  record Report(String command, String machine, String date, String started, int cores, String index, long faces,
      String workload, int maxInFlight, int maxQueued, int saturationClients, double overloadFactor,
      double phaseSeconds, double idleSeconds, String serveJavaOpts, Memory atStart, List<Run> runs, Targets targets,
      String loadStart, String loadEnd) {}

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    if (runs < 1 || shards < 1 || overload <= 1 || maxInFlight < 0 || maxQueued < 0 || clients < 0
        || maxOutstanding < 1) {
      throw new IllegalArgumentException("--runs and --shards must be positive, --overload above 1, --max-outstanding"
          + " positive and --max-in-flight, --max-queued and --clients not negative");
    }
    QueryConfig query = config.query().withAdmission(maxInFlight > 0 ? maxInFlight : config.query().maxInFlight(),
        maxQueued > 0 ? maxQueued : config.query().maxQueued());
    // Saturation: every slot and the whole line busy, so the service never idles between a client's requests.
    int saturationClients = clients > 0 ? clients : query.inFlightPermits() + query.queuedRequests();
    String loadStart = LoadAverage.now();
    String started = Instant.now().toString();
    String root = indexDir.toAbsolutePath().toString();
    Prepared prepared = prepare(config, root);
    Map<String, String> settings = new LinkedHashMap<>();
    if (maxInFlight > 0) {
      settings.put("engine.query.max-in-flight", String.valueOf(maxInFlight));
    }
    if (maxQueued > 0) {
      settings.put("engine.query.max-queued", String.valueOf(maxQueued));
    }
    Path log = config.home().resolve(report).normalize().resolveSibling("load-serve.log");
    Files.createDirectories(log.getParent());
    System.out.printf(Locale.ROOT, "load benchmark: %s, %d runs of %d s at saturation (%d clients) then %d s at %.0fx,"
        + " admission %d in flight + %d queued, %s, load %s%n", prepared.workload(), runs, duration.toSeconds(),
        saturationClients, duration.toSeconds(), overload, query.inFlightPermits(), query.queuedRequests(), machine(),
        loadStart);
    List<Run> results = new ArrayList<>();
    Memory atStart;
    try (ServiceProcess service = ServiceProcess.start(config.home(), job.configFile(), root, settings, log,
        Duration.ofMinutes(15)); LoadClient load = new LoadClient(service.port(), prepared.bodies())) {
      atStart = service.memory();
      System.out.printf(Locale.ROOT, "service pid %d on port %d: rss %d MB, heap used %d MB of %d MB committed%n",
          service.pid(), service.port(), atStart.rssMb(), atStart.heapUsedMb(), atStart.heapCommittedMb());
      load.closedLoop("warm-up", saturationClients, warmup);
      for (int r = 1; r <= runs; r++) {
        results.add(run(r, service, load, saturationClients));
      }
    }
    Targets targets = targets(results);
    String loadEnd = LoadAverage.now();
    System.out.printf(Locale.ROOT, "targets: 5xx at saturation %d (target 0); overload answer p99 at most %.1f ms"
        + " (target < 50: %s; as the service timed it <= %.1f ms); rss after idle spread %.1f%% (target <= 20%%: %s),"
        + " first to last run %+.1f%%; load %s%n", targets.serverErrorsAtSaturation(), targets.overloadedP99MsMax(),
        targets.overloadedUnder50Ms() ? "met" : "missed", targets.serverOverloadedP99MsMax(),
        100 * targets.rssAfterIdleSpread(), targets.rssWithin20Percent() ? "met" : "missed",
        100 * targets.rssAfterIdleFirstToLast(), loadEnd);
    Report out = new Report("bin/engine bench " + String.join(" ", spec.commandLine().getParseResult()
        .originalArgs()), machine(), started.substring(0, 10), started, Runtime.getRuntime().availableProcessors(), root,
        prepared.faces(), prepared.workload(), query.inFlightPermits(), query.queuedRequests(), saturationClients,
        overload, duration.toMillis() / 1e3, idle.toMillis() / 1e3,
        System.getenv().getOrDefault("ENGINE_SERVE_JAVA_OPTS", "bin/engine's default"), atStart, results, targets,
        loadStart, loadEnd);
    Path file = config.home().resolve(report).normalize();
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), out);
    System.out.println("report: " + file);
    return 0;
  }

  private Run run(int r, ServiceProcess service, LoadClient load, int saturationClients) throws Exception {
    Memory before = service.memory();
    PhaseResult saturation = load.closedLoop("saturation", saturationClients, duration);
    print(r, saturation);
    ServerTimes.Histogram okBefore = ServerTimes.scrape(service.port(), 200);
    ServerTimes.Histogram refusedBefore = ServerTimes.scrape(service.port(), 503);
    PhaseResult over = load.openLoop(String.format(Locale.ROOT, "%.0fx saturation", overload),
        overload * Math.max(1, saturation.okPerSecond()), duration, maxOutstanding);
    ServerTimes.Histogram refused = ServerTimes.scrape(service.port(), 503);
    ServerSide serverSide = new ServerSide(ServerTimes.scrape(service.port(), 200).percentileMsSince(okBefore, 99),
        refused.percentileMsSince(refusedBefore, 50), refused.percentileMsSince(refusedBefore, 99));
    print(r, over);
    System.out.printf(Locale.ROOT, "run %d %-14s as the service timed it: ok p99 <= %.1f ms; 503 p50 <= %.1f ms,"
        + " p99 <= %.1f ms; the client sent its requests up to %.1f ms late (p99)%n", r, over.phase(),
        serverSide.okP99Ms(), serverSide.overloadedP50Ms(), serverSide.overloadedP99Ms(), over.sendLagP99Ms());
    PhaseResult rightAfter = load.sequential("right after", RECOVERY_REQUESTS);
    print(r, rightAfter);
    Memory afterLoad = service.memory();
    Thread.sleep(idle.toMillis());
    Memory afterIdle = service.memory();
    System.out.printf(Locale.ROOT, "run %d memory: rss %d -> %d -> %d MB (before, after load, after %d s idle);"
        + " heap used %d -> %d -> %d MB, committed %d -> %d -> %d MB; load %s%n", r, before.rssMb(), afterLoad.rssMb(),
        afterIdle.rssMb(), idle.toSeconds(), before.heapUsedMb(), afterLoad.heapUsedMb(), afterIdle.heapUsedMb(),
        before.heapCommittedMb(), afterLoad.heapCommittedMb(), afterIdle.heapCommittedMb(), LoadAverage.now());
    return new Run(r, saturation, over, rightAfter, serverSide, before, afterLoad, afterIdle, LoadAverage.now());
  }

  private static void print(int run, PhaseResult p) {
    String shape = p.clients() > 0 ? p.clients() + " clients" : String.format(Locale.ROOT, "%.0f/s offered",
        p.offeredPerSecond());
    System.out.printf(Locale.ROOT, "run %d %-14s (%s, %.1f s): %.1f ok/s, ok p50 %.1f ms p99 %.1f ms; 2xx %d, 429 %d,"
        + " 503 overloaded %d (p50 %.1f ms, p99 %.1f ms, max %.1f ms), other 5xx %d, 4xx %d, no answer %d, not sent %d%n",
        run, p.phase(), shape, p.seconds(), p.okPerSecond(), p.okP50Ms(), p.okP99Ms(), p.count(Answer.OK),
        p.count(Answer.TOO_MANY_REQUESTS), p.count(Answer.OVERLOADED), p.overloadedP50Ms(), p.overloadedP99Ms(),
        p.overloadedMaxMs(), p.serverErrors(), p.count(Answer.CLIENT_ERROR), p.count(Answer.NO_ANSWER),
        p.count(Answer.NOT_SENT));
  }

  private static Targets targets(List<Run> runs) {
    int errors = runs.stream().mapToInt(r -> r.saturation().serverErrors() + r.saturation().count(Answer.OVERLOADED))
        .sum();
    double p99 = runs.stream().mapToDouble(r -> r.overload().overloadedP99Ms()).filter(v -> !Double.isNaN(v)).max()
        .orElse(Double.NaN);
    double serverP99 = runs.stream().mapToDouble(r -> r.overloadServerSide().overloadedP99Ms())
        .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    long min = runs.stream().mapToLong(r -> r.afterIdle().rssMb()).min().orElseThrow();
    long max = runs.stream().mapToLong(r -> r.afterIdle().rssMb()).max().orElseThrow();
    double spread = (max - min) / (double) min;
    long first = runs.getFirst().afterIdle().rssMb();
    double firstToLast = (runs.getLast().afterIdle().rssMb() - first) / (double) first;
    return new Targets(errors, p99, p99 < 50, serverP99, spread, spread <= 0.2, firstToLast);
  }

  /** The request bodies and what they are. */
  private record Prepared(List<Body> bodies, String workload, long faces) {}

  /** Builds or reuses the index, then makes the request bodies: probe embeddings of the gallery, or images. */
  private Prepared prepare(EngineConfig config, String root) throws Exception {
    GalleryVectors vectors;
    try (SparkSession spark = job.session("face-engine bench load")) {
      String faces = QueryBenchmark.facesPath(spark, gallery);
      vectors = GalleryVectors.read(spark, faces);
      IndexConfig defaults = config.index();
      BenchIndex.ensure(spark, faces, vectors.size(), root, defaults.with(defaults.format(), defaults.m(),
          defaults.beamWidth(), shards), ModelManifest.load(config.models().manifest()), System.out);
    }
    List<Body> bodies = new ArrayList<>();
    if (images != null) {
      for (Path image : LfwImageFiles.first(images, 20)) {
        bodies.add(multipart(Files.readAllBytes(image)));
      }
      return new Prepared(bodies, "multipart image searches (k 10) of the first 20 .jpg under " + images,
          vectors.size());
    }
    for (Probes.Probe probe : Probes.sample(vectors, Math.min(500, vectors.size()), 0.29, 1)) {
      bodies.add(new Body("application/json", HttpSearch.body(probe.vector(), 10).getBytes(StandardCharsets.UTF_8)));
    }
    return new Prepared(bodies, "JSON embedding searches (k 10): 500 gallery faces each moved to distance 0.29",
        vectors.size());
  }

  private static Body multipart(byte[] jpeg) {
    String boundary = "----engine-bench-load";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n10\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"probe.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(jpeg);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return new Body("multipart/form-data; boundary=" + boundary, body.toByteArray());
  }

  private static String machine() {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return String.format(Locale.ROOT, "%d cores, %d GiB", Runtime.getRuntime().availableProcessors(),
        Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
  }
}
