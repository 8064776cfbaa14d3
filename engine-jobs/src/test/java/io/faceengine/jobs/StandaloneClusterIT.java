package io.faceengine.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.faceengine.core.testing.SharedTestData;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster jar on a real Spark standalone cluster: a master and two workers, each its own JVM,
 * started by {@code deploy/spark/standalone.sh}, and the jobs submitted by {@code
 * deploy/spark/submit-job.sh} as a user would. Mid-ingest one worker and its executor are killed
 * with SIGKILL, as when a machine is lost: Spark re-runs the lost tasks on the other worker, and
 * the output holds every image once. Index build and search-batch then run on what is left. The
 * logs are under {@code target/standalone-it/}.
 */
class StandaloneClusterIT {
  /** Four people of LFW: images 2..11 are the gallery, image 1 of each the probe. */
  private static final List<String> PEOPLE = List.of("Serena_Williams", "Vladimir_Putin", "Hans_Blix", "Kofi_Annan");
  private static final int GALLERY_IMAGES = 10;
  private static final long JOB_TIMEOUT_MINUTES = 15;

  private static Path home;
  private static Path state;
  private static String masterUrl;
  private static SparkSession spark;

  @BeforeAll
  static void startCluster() throws Exception {
    Path lfw = SharedTestData.lfw(); // fails under CI when ../shared is missing
    SharedTestData.model("manifest.json"); // the models submit-job.sh ships to the executors
    home = SharedTestData.projectDir();
    state = home.resolve("engine-jobs/target/standalone-it");
    deleteTree(state);
    Files.createDirectories(state);
    Path gallery = state.resolve("gallery");
    Path probes = state.resolve("probes");
    for (String person : PEOPLE) {
      Files.createDirectories(gallery.resolve(person));
      Files.createDirectories(probes.resolve(person));
      for (int i = 1; i <= GALLERY_IMAGES + 1; i++) {
        Path image = SharedTestData.lfw(person, i);
        Files.copy(image, (i == 1 ? probes : gallery).resolve(person).resolve(image.getFileName()));
      }
    }
    assertTrue(Files.isDirectory(lfw));
    Process start = new ProcessBuilder(home.resolve("deploy/spark/standalone.sh").toString(), "start",
        state.resolve("cluster").toString())
        .redirectErrorStream(true).redirectOutput(state.resolve("standalone-start.log").toFile()).start();
    assertTrue(start.waitFor(5, TimeUnit.MINUTES), "standalone.sh start took over 5 minutes");
    assertEquals(0, start.exitValue(), "standalone.sh start failed: " + Files.readString(state.resolve("standalone-start.log")));
    masterUrl = Files.readString(state.resolve("cluster/master.url")).strip();
    assertTrue(masterUrl.startsWith("spark://127.0.0.1:"), masterUrl);
    assertEquals(2, aliveWorkers(), "both workers registered");
    spark = SparkSession.builder().master("local[1]").appName("StandaloneClusterIT")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (state != null && Files.isDirectory(state.resolve("cluster"))) {
      Process stop = new ProcessBuilder(home.resolve("deploy/spark/standalone.sh").toString(), "stop",
          state.resolve("cluster").toString()).inheritIO().start();
      stop.waitFor(2, TimeUnit.MINUTES);
    }
  }

  @Test
  void ingestSurvivesALostWorkerThenIndexBuildAndSearchBatchRun() throws Exception {
    // Ingest, 2 images a task so that both executors run many tasks; worker-1 and its executor die mid-way.
    Path output = state.resolve("faces-out");
    long started = System.nanoTime();
    Process ingest = submit("ingest", List.of("-Dengine.ingest.images-per-task=2"),
        "ingest", "--input", state.resolve("gallery").toString(), "--output", output.toString(), "--labels", "dir");
    Killed killed = killWorkerOnceItRunsExtraction(ingest, 1);
    awaitSuccess(ingest, "ingest");
    double ingestSeconds = (System.nanoTime() - started) / 1e9;
    assertEquals(1, aliveWorkers(), "the master saw worker-1 die");

    assertFalse(killed.inFlight().isEmpty(), "no task was running on the killed executor");
    List<Task> survivorTasks = tasks(newestExecutorLog(2).orElseThrow(), "Running");
    for (Task lost : killed.inFlight()) {
      assertTrue(survivorTasks.stream().anyMatch(t -> t.index() == lost.index() && t.stage() == lost.stage()
          && t.tid() > lost.tid()), "task " + lost + " of the killed executor was not run again on worker-2");
    }

    Dataset<Row> images = spark.read().parquet(output.resolve(FacesSchema.IMAGES).toString());
    Dataset<Row> faces = spark.read().parquet(output.resolve(FacesSchema.FACES).toString());
    Set<String> inputs;
    try (Stream<Path> files = Files.walk(state.resolve("gallery"))) {
      inputs = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
    List<String> ingested = images.select(FacesSchema.IMAGE_URI).collectAsList().stream()
        .map(r -> Path.of(URI.create(r.getString(0))).getFileName().toString()).sorted().toList();
    assertEquals(inputs.stream().sorted().toList(), ingested, "every image once in the images ledger");
    assertEquals(0, images.filter(col("outcome").equalTo(FacesSchema.OUTCOME_ERROR)).count(), "no error rows");
    long faceRows = faces.count();
    assertEquals(faceRows, faces.select(FacesSchema.FACE_ID).distinct().count(), "no face twice");
    assertEquals(faceRows, images.agg(sum("face_count")).first().getLong(0), "faces = the ledger's face counts");
    // A bystander's face has no label; each image's subject face has its folder's.
    assertEquals(Set.copyOf(PEOPLE), Set.copyOf(faces.filter(col(FacesSchema.LABEL).isNotNull())
        .select(FacesSchema.LABEL).distinct().as(Encoders.STRING()).collectAsList()), "labels from the folders");
    assertEquals(inputs.size(), faces.filter(col(FacesSchema.LABEL).isNotNull()).count(), "one subject face per image");

    // Index build on the surviving worker.
    started = System.nanoTime();
    Path index = state.resolve("index");
    Process build = submit("index-build", List.of(), "index", "build", "--input", output.toString(),
        "--output", index.toString(), "--shards", "2");
    awaitSuccess(build, "index build");
    double buildSeconds = (System.nanoTime() - started) / 1e9;
    long goodFaces = faces.filter(col(FacesSchema.QUALITY_OK)).count();
    Matcher indexed = Pattern.compile("index gen-1: (\\d+) faces in 2 shards")
        .matcher(Files.readString(state.resolve("index-build.out")));
    assertTrue(indexed.find(), "index build's summary line");
    assertEquals(goodFaces, Long.parseLong(indexed.group(1)), "every face of good quality indexed");

    // search-batch: each probe image (a photo not in the gallery) finds its person.
    started = System.nanoTime();
    Path results = state.resolve("search-out");
    Process search = submit("search-batch", List.of(), "search-batch", "--index", index.toString(),
        "--probes", state.resolve("probes").toString(), "--labels", "dir", "--output", results.toString(), "--k", "3");
    awaitSuccess(search, "search-batch");
    double searchSeconds = (System.nanoTime() - started) / 1e9;
    List<Row> firsts = spark.read().parquet(results.toString()).filter(col("rank").equalTo(1))
        .select("probe_label", "decision").collectAsList();
    // Each probe image's subject face carries its folder's label and is decided as that person; a
    // bystander's face (no label) is decided as none of them.
    Map<String, String> subjects = firsts.stream().filter(r -> !r.isNullAt(0))
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    assertEquals(PEOPLE.stream().collect(Collectors.toMap(p -> p, p -> p)), subjects, "each probe's decision");
    for (Row row : firsts) {
      assertTrue(!row.isNullAt(0) || !PEOPLE.contains(row.getString(1)), "a bystander decided as " + row.getString(1));
    }

    System.out.printf(Locale.ROOT, "standalone cluster: ingest %.0f s (%d images, %d faces; worker-1 pid %d and executor"
        + " pid %d killed in its extraction task %d; running then %s, run again on worker-2), index build %.0f s"
        + " (%d faces), search-batch %.0f s (%d probe faces)%n", ingestSeconds, ingested.size(), faceRows,
        killed.worker(), killed.executor(), killed.tasksStarted(), killed.inFlight(), buildSeconds, goodFaces,
        searchSeconds,
        firsts.size());
  }

  /** The worker's and its executor's pids, its extraction tasks started, and the tasks running when it died. */
  private record Killed(long worker, long executor, int tasksStarted, List<Task> inFlight) {}

  /** A task attempt in an executor's log: {@code Running task INDEX.ATTEMPT in stage STAGE.ATTEMPT (TID tid)}. */
  private record Task(int index, int stage, long tid) {}

  /**
   * Waits until worker {@code n}'s executor has loaded the models (its first extraction task) and
   * started a second extraction task, so that one task's output is done and one is running, then
   * kills the executor and the worker with SIGKILL.
   */
  private static Killed killWorkerOnceItRunsExtraction(Process job, int n) throws Exception {
    long workerPid = Long.parseLong(Files.readString(state.resolve("cluster/worker-" + n + ".pid")).strip());
    ProcessHandle worker = ProcessHandle.of(workerPid).orElseThrow(() -> new AssertionError("worker-" + n + " is not running"));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(JOB_TIMEOUT_MINUTES);
    while (System.nanoTime() < deadline) {
      if (!job.isAlive()) {
        fail("ingest ended before worker-" + n + " ran two extraction tasks; see " + state);
      }
      Optional<Path> log = newestExecutorLog(n);
      int started = log.isPresent() ? extractionTasksStarted(log.get()) : 0;
      if (started >= 2) {
        ProcessHandle executor = worker.children().findFirst()
            .orElseThrow(() -> new AssertionError("worker-" + n + " has no executor process"));
        executor.destroyForcibly(); // SIGKILL on Unix
        worker.destroyForcibly();
        executor.onExit().get(30, TimeUnit.SECONDS);
        worker.onExit().get(30, TimeUnit.SECONDS);
        List<Task> finished = tasks(log.get(), "Finished");
        List<Task> inFlight = tasks(log.get(), "Running").stream().filter(t -> !finished.contains(t)).toList();
        return new Killed(workerPid, executor.pid(), started, inFlight);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("worker-" + n + " ran no extraction task in " + JOB_TIMEOUT_MINUTES + " minutes");
  }

  /** Tasks the executor started since it loaded the models, which its first extraction task does. */
  private static int extractionTasksStarted(Path executorLog) throws IOException {
    List<String> lines = Files.readAllLines(executorLog);
    int loaded = 0;
    while (loaded < lines.size() && !lines.get(loaded).contains("loaded models: ")) {
      loaded++;
    }
    if (loaded == lines.size()) {
      return 0;
    }
    // The task that loaded the models started just before it.
    return 1 + (int) lines.subList(loaded, lines.size()).stream().filter(l -> l.contains("Executor: Running task ")).count();
  }

  /** The tasks of an executor's log lines {@code Executor: VERB task ...} (Running or Finished). */
  private static List<Task> tasks(Path executorLog, String verb) throws IOException {
    Pattern line = Pattern.compile("Executor: " + verb + " task (\\d+)\\.\\d+ in stage (\\d+)\\.\\d+ \\(TID (\\d+)\\)");
    List<Task> found = new ArrayList<>();
    for (String text : Files.readAllLines(executorLog)) {
      Matcher m = line.matcher(text);
      if (m.find()) {
        found.add(new Task(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
      }
    }
    return found;
  }

  /** The stderr of worker {@code n}'s newest executor: {@code worker-N/app-ID/EXECUTOR/stderr}. */
  private static Optional<Path> newestExecutorLog(int n) throws IOException {
    Path work = state.resolve("cluster/worker-" + n);
    try (Stream<Path> files = Files.walk(work, 3)) {
      return files.filter(p -> p.getFileName().toString().equals("stderr"))
          .max(Comparator.comparing(p -> p.getParent().getParent().getFileName().toString()));
    }
  }

  /**
   * Starts deploy/spark/submit-job.sh against the cluster, its output in {@code NAME.out} and
   * {@code NAME.err}; the cluster jar that the build made (no rebuild), small executors, few
   * shuffle partitions.
   */
  private static Process submit(String name, List<String> driverOptions, String... job) throws IOException {
    List<String> command = new ArrayList<>(List.of(home.resolve("deploy/spark/submit-job.sh").toString(),
        "--master", masterUrl, "--executor-memory", "1g", "--conf", "spark.sql.shuffle.partitions=4", "--"));
    command.addAll(List.of(job));
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
        .redirectOutput(state.resolve(name + ".out").toFile()).redirectError(state.resolve(name + ".err").toFile());
    builder.environment().put("ENGINE_CLUSTER_JAR", clusterJar().toString());
    builder.environment().put("ENGINE_MODELS_DIR", SharedTestData.modelsDir().toString());
    builder.environment().put("ENGINE_DRIVER_JAVA_OPTS", String.join(" ", driverOptions));
    return builder.start();
  }

  private static void awaitSuccess(Process job, String name) throws Exception {
    if (!job.waitFor(JOB_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      job.destroyForcibly();
      fail(name + " did not end in " + JOB_TIMEOUT_MINUTES + " minutes; see " + state);
    }
    assertEquals(0, job.exitValue(), name + " failed; see its .out and .err in " + state);
  }

  private static Path clusterJar() {
    Path jar = Path.of(System.getProperty("faceengine.cluster.jar", "target/engine-jobs-cluster.jar"));
    assertTrue(Files.isRegularFile(jar), "no cluster jar at " + jar + ": the shade plugin builds it in the package phase");
    return jar.toAbsolutePath();
  }

  /** The master's count of alive workers, from its web UI's JSON. */
  private static int aliveWorkers() throws Exception {
    String ui = Files.readString(state.resolve("cluster/master-ui.url")).strip();
    try (HttpClient http = HttpClient.newHttpClient()) {
      String json = http.send(HttpRequest.newBuilder(URI.create(ui + "/json/")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(json);
      assertTrue(alive.find(), "no aliveworkers in the master's JSON: " + json);
      return Integer.parseInt(alive.group(1));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
