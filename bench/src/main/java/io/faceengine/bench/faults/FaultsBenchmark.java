package io.faceengine.bench.faults;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.bench.faults.EngineProcess.Ended;
import io.faceengine.core.fault.FaultPoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/engine bench faults}: kills the real engine ({@code kill -9} of its JVM) at each stage
 * of ingest, index build, update and publish, and of the query service during a generation swap
 * under query load, fills the disk under ingest and build, then runs the normal command again and
 * counts what was lost, duplicated or left half-visible (docs/reliability.md, "Fault suite").
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
    description = "kill -9 of the real engine at each stage (ingest, index build/update/publish, the service during a"
        + " generation swap under load) and a full disk, then the normal command again: images and faces lost or"
        + " duplicated, CURRENT verifiable, queries failed.")
public final class FaultsBenchmark implements Callable<Integer> {
  private static final Duration JOB = Duration.ofMinutes(15);
  private static final Duration STAGE = Duration.ofMinutes(10);
  private static final Pattern GENERATION = Pattern.compile("\"generation\"\\s*:\\s*(\\d+)");

  @Spec
  CommandSpec spec;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "/work/data/faults",
      description = "A scratch folder, emptied first (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--lfw", paramLabel = "DIR", description = "LFW's folder of people (default: ../shared/data/lfw).")
  Path lfw;

  @Option(names = "--images", defaultValue = "200", description = "Images of the first ingest (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--more-images", defaultValue = "80",
      description = "Images of the second ingest, which the index update adds (default: ${DEFAULT-VALUE}).")
  int moreImages;

  @Option(names = "--commit-batch-images", defaultValue = "40",
      description = "engine.ingest.commit-batch-images of the ingests (default: ${DEFAULT-VALUE}).")
  int batchImages;

  @Option(names = "--shards", defaultValue = "2", description = "Shards of the index (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--no-disk-full", negatable = false,
      description = "Skip the full-disk rows (they mount a small tmpfs, which needs root).")
  boolean noDiskFull;

  @Option(names = "--report", paramLabel = "FILE", description = "Where the JSON goes (default:"
      + " bench/results/faults-<date>.json).")
  Path report;

  /** One fault and its outcome after the normal command ran again. */
  record Row(String fault, long imagesLost, long imagesDuplicated, long facesLost, long facesDuplicated,
      long facesOutsideLedger, String current, boolean currentVerified, long queriesFailed, long queriesAnswered,
      String message) {}

  record Report(String command, String machine, String date, List<Row> rows, boolean targetsMet) {}

  private Path home;
  private SparkSession spark;
  private final List<Row> rows = new ArrayList<>();
  private int step;

  @Override
  public Integer call() throws Exception {
    home = Path.of(System.getProperty("faceengine.home", ".")).toAbsolutePath().normalize();
    Path people = lfw != null ? lfw : home.resolve("../shared/data/lfw").normalize();
    if (!Files.isDirectory(people)) {
      throw new IOException("LFW is not at " + people + " (give --lfw DIR)");
    }
    deleteTree(work);
    Files.createDirectories(work.resolve("logs"));
    List<Path> first = copyLfw(people, work.resolve("in1"), 0, images);
    List<Path> second = copyLfw(people, work.resolve("in2"), images, moreImages);
    List<Path> all = Stream.concat(first.stream(), second.stream()).toList();
    String started = Instant.now().toString();
    spark = SparkSession.builder().master("local[1]").appName("fault-counts").config("spark.ui.enabled", "false")
        .getOrCreate();
    try {
      Path out = work.resolve("ingest");
      Path root = work.resolve("index");
      ingestMidBatch(out, first);
      long reference = build(out, root).docs();
      indexBuildKilled("index build, a shard half copied into the new generation", out, root, reference,
          FaultPoint.INDEX_SHARD_FILE_COPIED);
      indexBuildKilled("index build, during publish (CURRENT's temp written, not renamed)", out, root, reference,
          FaultPoint.INDEX_PUBLISH_BEFORE_RENAME);
      ingestDuringCommit(out, all);
      indexUpdateMidCopy(out, root, build(out, work.resolve("index-reference")).docs());
      embeddedServiceSwap(root);
      shardServerSwap(root);
      if (!noDiskFull) {
        diskFull(first, reference);
      }
    } finally {
      spark.stop();
    }
    boolean met = rows.stream().allMatch(r -> r.imagesLost() == 0 && r.imagesDuplicated() == 0 && r.facesLost() == 0
        && r.facesDuplicated() == 0 && r.facesOutsideLedger() == 0 && r.currentVerified() && r.queriesFailed() <= 0);
    printTable(met);
    String command = "bin/engine bench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    Path file = report != null ? report : home.resolve("bench/results/faults-" + started.substring(0, 10) + ".json");
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(),
        new Report(command.strip(), machine(), started, rows, met));
    System.out.println("report: " + file);
    return met ? 0 : 1;
  }

  // ---- ingest ----

  private void ingestMidBatch(Path out, List<Path> inputs) throws Exception {
    EngineProcess killed = engine("ingest-killed", Map.of(), ingestArgs(work.resolve("in1"), out));
    Path secondBatch = out.resolve("_staging");
    killed.awaitCondition(() -> stagedBatch(secondBatch, 1), "batch 1 staged", STAGE);
    killed.kill9();
    Ended rerun = run("ingest-rerun", Map.of(), ingestArgs(work.resolve("in1"), out));
    addIngestRow("ingest, mid-batch (batch 1 being written)", inputs, out, rerun);
  }

  private void ingestDuringCommit(Path out, List<Path> inputs) throws Exception {
    EngineProcess killed = engine("ingest-commit-killed", pause(FaultPoint.INGEST_COMMIT_AFTER_IMAGES),
        ingestArgs(work.resolve("in2"), out));
    killed.awaitPause(FaultPoint.INGEST_COMMIT_AFTER_IMAGES, STAGE);
    killed.kill9();
    IngestCounts halfway = IngestCounts.of(spark, inputs, out);
    Ended rerun = run("ingest-commit-rerun", Map.of(), ingestArgs(work.resolve("in2"), out));
    addIngestRow("ingest, batch commit between its images and faces renames", inputs, out, rerun,
        halfway.facesOutsideLedger());
  }

  private void addIngestRow(String fault, List<Path> inputs, Path out, Ended rerun) throws IOException {
    addIngestRow(fault, inputs, out, rerun, 0);
  }

  private void addIngestRow(String fault, List<Path> inputs, Path out, Ended rerun, long visibleWhileKilled)
      throws IOException {
    IngestCounts counts = IngestCounts.of(spark, inputs, out);
    rows.add(new Row(fault, counts.imagesLost(), counts.imagesDuplicated(), counts.facesLost(),
        counts.facesDuplicated(), counts.facesOutsideLedger() + visibleWhileKilled, "n/a", true, -1, -1,
        (rerun.ok() ? "rerun ok: " : "rerun exit " + rerun.exitCode() + ": ") + recovered(rerun)));
  }

  private String[] ingestArgs(Path in, Path out) {
    return new String[] {"ingest", "--input", in.toString(), "--output", out.toString(), "--labels", "dir"};
  }

  private static boolean stagedBatch(Path staging, int batch) {
    try (Stream<Path> runs = Files.list(staging)) {
      return runs.anyMatch(run -> Files.exists(run.resolve("batch=" + batch)));
    } catch (IOException notYet) {
      return false;
    }
  }

  // ---- index ----

  private IndexRootState build(Path faces, Path root) throws Exception {
    Ended built = run("index-build", Map.of(), "index", "build", "--input", faces.toString(), "--output",
        root.toString(), "--shards", String.valueOf(shards));
    if (!built.ok()) {
      throw new IOException("index build of " + faces + " into " + root + " failed: " + built.lastLines());
    }
    return IndexRootState.of(root);
  }

  private void indexBuildKilled(String fault, Path faces, Path root, long reference, String point) throws Exception {
    String[] args = {"index", "build", "--input", faces.toString(), "--output", root.toString(), "--shards",
        String.valueOf(shards)};
    IndexRootState before = IndexRootState.of(root);
    EngineProcess killed = engine("index-killed", pause(point), args);
    killed.awaitPause(point, STAGE);
    killed.kill9();
    IndexRootState afterKill = IndexRootState.of(root);
    boolean servedAfterKill = afterKill.current().equals(before.current()) && verify(root);
    Ended rerun = run("index-rerun", Map.of(), args);
    addIndexRow(fault, root, reference, servedAfterKill, rerun, afterKill);
  }

  private void indexUpdateMidCopy(Path faces, Path root, long reference) throws Exception {
    String[] args = {"index", "update", "--index", root.toString(), "--input", faces.toString()};
    IndexRootState before = IndexRootState.of(root);
    EngineProcess killed = engine("update-killed", pause(FaultPoint.INDEX_SHARD_FILE_COPIED), args);
    killed.awaitPause(FaultPoint.INDEX_SHARD_FILE_COPIED, STAGE);
    killed.kill9();
    IndexRootState afterKill = IndexRootState.of(root);
    boolean servedAfterKill = afterKill.current().equals(before.current()) && verify(root);
    Ended rerun = run("update-rerun", Map.of(), args);
    addIndexRow("index update, a shard half copied into the new generation", root, reference, servedAfterKill, rerun,
        afterKill);
  }

  private void addIndexRow(String fault, Path root, long reference, boolean servedAfterKill, Ended rerun,
      IndexRootState afterKill) throws Exception {
    IndexRootState after = IndexRootState.of(root);
    boolean verified = servedAfterKill && rerun.ok() && verify(root) && after.staleTemps().isEmpty()
        && after.unfinished().isEmpty();
    String left = "killed: CURRENT " + afterKill.current() + ", left " + afterKill.unfinished() + " "
        + afterKill.staleTemps() + "; rerun " + (rerun.ok() ? "ok" : "exit " + rerun.exitCode()) + ": CURRENT "
        + after.current() + ", left " + after.unfinished() + " " + after.staleTemps();
    rows.add(new Row(fault, 0, 0, Math.max(0, reference - after.docs()), Math.max(0, after.docs() - reference), 0,
        after.current(), verified, -1, -1, left));
  }

  /** {@code bin/engine index verify} of CURRENT (files against the manifest's checksums, recall). */
  private boolean verify(Path root) throws Exception {
    return run("verify", Map.of(), "index", "verify", "--index", root.toString(), "--probes", "50").ok();
  }

  // ---- the query service ----

  private void embeddedServiceSwap(Path root) throws Exception {
    long next = unpublishedGeneration(root);
    int port = freePort();
    String[] serve = {"serve", "--index", root.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port)};
    Map<String, String> poll = Map.of("engine.query.poll-interval", "1s");
    EngineProcess service = engine("serve-killed", with(poll, FaultPoint.SERVE_SWAP_OPENED), serve);
    EngineProcess restarted = null;
    awaitGeneration(service, port, IndexRootState.of(root).generation());
    try (QueryLoad load = new QueryLoad(port, dimension(root), 2)) { // once healthy: a starting service refuses
      Thread.sleep(2000);
      Ended published = run("publish", Map.of(), "index", "publish", "--index", root.toString(), "--gen",
          String.valueOf(next));
      service.awaitPause(FaultPoint.SERVE_SWAP_OPENED, STAGE);
      load.down(true);
      service.kill9();
      restarted = engine("serve-restarted", poll, serve);
      awaitGeneration(restarted, port, next);
      load.down(false);
      Thread.sleep(3000);
      load.close();
      rows.add(new Row("serve (embedded), killed while opening the published generation", 0, 0, 0, 0, 0,
          IndexRootState.of(root).current(), published.ok() && verify(root), load.failed(), load.answered(),
          "restarted on gen-" + next + "; " + load.whileDown() + " requests refused while no process listened"
              + failures(load)));
    } finally {
      stop(service);
      stop(restarted);
    }
  }

  private void shardServerSwap(Path root) throws Exception {
    long next = unpublishedGeneration(root);
    Map<String, String> poll = Map.of("engine.query.poll-interval", "1s");
    int grpcA = freePort();
    int grpcB = freePort();
    int port = freePort();
    String[] shardA = {"serve", "--role", "shard", "--index", root.toString(), "--host", "127.0.0.1", "--grpc-port",
        String.valueOf(grpcA), "--port", String.valueOf(freePort())};
    String[] shardB = {"serve", "--role", "shard", "--index", root.toString(), "--host", "127.0.0.1", "--grpc-port",
        String.valueOf(grpcB), "--port", String.valueOf(freePort())};
    EngineProcess a = engine("shard-a-killed", with(poll, FaultPoint.SERVE_SWAP_OPENED), shardA);
    EngineProcess b = engine("shard-b", poll, shardB);
    EngineProcess router = engine("router", poll, "serve", "--role", "router", "--host", "127.0.0.1", "--port",
        String.valueOf(port), "--shard-servers", "127.0.0.1:" + grpcA + ",127.0.0.1:" + grpcB);
    EngineProcess restartedA = null;
    try {
      awaitGeneration(router, port, IndexRootState.of(root).generation());
      try (QueryLoad load = new QueryLoad(port, dimension(root), 2)) {
        Thread.sleep(2000);
        Ended published = run("publish", Map.of(), "index", "publish", "--index", root.toString(), "--gen",
            String.valueOf(next));
        a.awaitPause(FaultPoint.SERVE_SWAP_OPENED, STAGE);
        a.kill9();
        Thread.sleep(3000);
        restartedA = engine("shard-a-restarted", poll, shardA);
        awaitGeneration(router, port, next);
        Thread.sleep(3000);
        load.close();
        rows.add(new Row("serve (router + 2 shard servers), one shard server killed while opening the published"
            + " generation", 0, 0, 0, 0, 0, IndexRootState.of(root).current(), published.ok() && verify(root),
            load.failed(), load.answered(), "router switched to gen-" + next + " once the restarted server was up; "
                + hedges(port) + " shard calls hedged on the other replica" + failures(load)));
      }
    } finally {
      stop(router);
      stop(a);
      stop(b);
      stop(restartedA);
    }
  }

  /** Builds the next generation without publishing it (a swap's target); returns its number. */
  private long unpublishedGeneration(Path root) throws Exception {
    Ended rebuilt = run("rebuild", Map.of(), "index", "rebuild", "--index", root.toString(), "--no-publish");
    if (!rebuilt.ok()) {
      throw new IOException("index rebuild --no-publish of " + root + " failed: " + rebuilt.lastLines());
    }
    try (Stream<Path> gens = Files.list(root)) {
      return gens.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gen-"))
          .mapToLong(n -> Long.parseLong(n.substring(4))).max().orElseThrow();
    }
  }

  private static int dimension(Path root) throws IOException {
    String current = Files.readString(root.resolve("CURRENT")).strip();
    Matcher m = Pattern.compile("\"dimension\"\\s*:\\s*(\\d+)").matcher(
        Files.readString(root.resolve(current).resolve("manifest.json")));
    if (!m.find()) {
      throw new IOException("no dimension in " + root.resolve(current).resolve("manifest.json"));
    }
    return Integer.parseInt(m.group(1));
  }

  /** Waits until the service's /v1/health names {@code generation}. */
  private static void awaitGeneration(EngineProcess service, int port, long generation) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health"))
        .timeout(Duration.ofSeconds(5)).build();
    service.awaitCondition(() -> {
      try {
        HttpResponse<String> answer = client.send(health, HttpResponse.BodyHandlers.ofString());
        Matcher m = GENERATION.matcher(answer.body());
        return answer.statusCode() == 200 && answer.body().contains("\"ok\"") && m.find()
            && Long.parseLong(m.group(1)) == generation;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }, "/v1/health serving gen-" + generation, STAGE);
  }

  /** The router's hedged shard calls so far (its /metrics), or "?" when it cannot say. */
  private static String hedges(int port) throws InterruptedException {
    try {
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
      return String.valueOf(Math.round(metrics.lines().filter(l -> l.startsWith("faceengine_router_hedges_total"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum()));
    } catch (IOException | NumberFormatException e) {
      return "?";
    }
  }

  private static String failures(QueryLoad load) {
    return load.failures().isEmpty() ? "" : "; failures: " + String.join(" | ", load.failures());
  }

  // ---- full disk ----

  private void diskFull(List<Path> inputs, long reference) throws Exception {
    Path mount = Files.createDirectories(work.resolve("small-disk"));
    long ingestBytes = treeBytes(work.resolve("ingest"));
    Tmpfs disk = Tmpfs.mount(mount, Math.max(64 * 1024, ingestBytes / 3));
    try {
      Path out = mount.resolve("ingest");
      Ended full = run("ingest-disk-full", Map.of(), ingestArgs(work.resolve("in1"), out));
      IngestCounts halfway = IngestCounts.of(spark, inputs, out);
      disk.resize(512L * 1024 * 1024);
      Ended rerun = run("ingest-disk-roomy", Map.of(), ingestArgs(work.resolve("in1"), out));
      IngestCounts counts = IngestCounts.of(spark, inputs, out);
      rows.add(new Row("ingest, disk full (tmpfs of " + disk.sizeKb() + " KiB)", counts.imagesLost(),
          counts.imagesDuplicated(), counts.facesLost(), counts.facesDuplicated(),
          counts.facesOutsideLedger() + halfway.facesOutsideLedger(), "n/a", true, -1, -1,
          "full: exit " + full.exitCode() + ", " + errorLine(full) + "; then on a roomy disk: "
              + (rerun.ok() ? "ok" : "exit " + rerun.exitCode())));
    } finally {
      disk.close();
    }
    Path generation = work.resolve("index").resolve(IndexRootState.of(work.resolve("index")).current());
    disk = Tmpfs.mount(mount, treeBytes(generation) * 3 / 2);
    try {
      Path root = mount.resolve("index");
      build(work.resolve("ingest"), root);
      String[] args = {"index", "build", "--input", work.resolve("ingest").toString(), "--output", root.toString(),
          "--shards", String.valueOf(shards)};
      IndexRootState before = IndexRootState.of(root);
      Ended full = run("index-disk-full", Map.of(), args);
      IndexRootState afterFull = IndexRootState.of(root);
      boolean served = !full.ok() && afterFull.current().equals(before.current()) && verify(root);
      disk.resize(512L * 1024 * 1024);
      Ended rerun = run("index-disk-roomy", Map.of(), args);
      IndexRootState after = IndexRootState.of(root);
      boolean verified = served && rerun.ok() && verify(root) && after.staleTemps().isEmpty()
          && after.unfinished().isEmpty();
      long expected = IndexRootState.of(work.resolve("index-reference")).docs();
      rows.add(new Row("index build, disk full (tmpfs of " + disk.sizeKb() + " KiB)", 0, 0,
          Math.max(0, expected - after.docs()), Math.max(0, after.docs() - expected), 0, after.current(), verified, -1,
          -1, "full: exit " + full.exitCode() + ", " + errorLine(full) + ", CURRENT stayed " + afterFull.current()
              + "; then on a roomy disk: " + (rerun.ok() ? "ok" : "exit " + rerun.exitCode()) + ", left "
              + after.unfinished() + " " + after.staleTemps()));
    } finally {
      disk.close();
    }
  }

  private static String errorLine(Ended ended) {
    return ended.lastLines().lines().filter(l -> l.contains("No space left") || l.contains("rror"))
        .reduce((first, second) -> first).orElse(ended.lastLines().lines().reduce("", (x, y) -> y)).strip();
  }

  // ---- helpers ----

  private EngineProcess engine(String name, Map<String, String> properties, String... args) throws IOException {
    Path log = work.resolve("logs").resolve(String.format(Locale.ROOT, "%02d-%s.log", ++step, name));
    Map<String, String> all = new java.util.TreeMap<>(properties);
    all.put("engine.ingest.commit-batch-images", String.valueOf(batchImages));
    System.out.printf(Locale.ROOT, "[%s] bin/engine %s%s%n", log.getFileName(), String.join(" ", args),
        properties.containsKey(FaultPoint.PROPERTY) ? " (to be killed at " + properties.get(FaultPoint.PROPERTY) + ")"
            : "");
    return EngineProcess.start(home, log, all, args);
  }

  private Ended run(String name, Map<String, String> properties, String... args) throws Exception {
    return engine(name, properties, args).awaitEnd(JOB);
  }

  private static Map<String, String> pause(String point) {
    return Map.of(FaultPoint.PROPERTY, point);
  }

  private static Map<String, String> with(Map<String, String> properties, String point) {
    Map<String, String> all = new java.util.HashMap<>(properties);
    all.put(FaultPoint.PROPERTY, point);
    return all;
  }

  private static void stop(EngineProcess process) throws InterruptedException {
    if (process != null && process.alive()) {
      process.kill9();
    }
  }

  private static String recovered(Ended ended) {
    List<String> lines = ended.lastLines().lines().filter(l -> l.startsWith("images:")).toList();
    return lines.isEmpty() ? ended.lastLines().lines().reduce("", (x, y) -> y) : lines.get(0);
  }

  /** Copies {@code count} LFW images, after skipping {@code skip}, into {@code to}/PERSON/ (labels from folders). */
  private static List<Path> copyLfw(Path people, Path to, int skip, int count) throws IOException {
    List<Path> source;
    try (Stream<Path> files = Files.walk(people)) {
      source = files.filter(f -> f.toString().endsWith(".jpg")).sorted().skip(skip).limit(count).toList();
    }
    List<Path> copied = new ArrayList<>();
    for (Path file : source) {
      Path target = to.resolve(file.getParent().getFileName().toString()).resolve(file.getFileName().toString());
      Files.createDirectories(target.getParent());
      copied.add(Files.copy(file, target));
    }
    return copied;
  }

  private static long treeBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Tmpfs.unmountIfMounted(dir.resolve("small-disk"));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  private void printTable(boolean met) {
    System.out.printf(Locale.ROOT, "%n%-92s %5s %5s %5s %5s %7s %-8s %6s %7s  %s%n", "fault, then the normal command",
        "img-", "img+", "face-", "face+", "visible", "CURRENT", "q-fail", "q-ok", "message");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, "%-92s %5d %5d %5d %5d %7d %-8s %6s %7s  %s%n", r.fault(), r.imagesLost(),
          r.imagesDuplicated(), r.facesLost(), r.facesDuplicated(), r.facesOutsideLedger(),
          r.current().equals("n/a") ? "n/a" : r.current() + (r.currentVerified() ? " ok" : " BAD"),
          r.queriesFailed() < 0 ? "n/a" : String.valueOf(r.queriesFailed()),
          r.queriesAnswered() < 0 ? "n/a" : String.valueOf(r.queriesAnswered()), r.message());
    }
    System.out.println("img-/img+: images lost/duplicated; face-/face+: faces lost/duplicated; visible: faces"
        + " outside the images ledger; targets (0 lost, 0 duplicated, CURRENT verified, 0 failed queries): "
        + (met ? "met" : "MISSED"));
  }

  private static String machine() {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return String.format(Locale.ROOT, "%d cores, %d GiB", Runtime.getRuntime().availableProcessors(),
        Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
  }
}
