package io.faceengine.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.bench.LoadAverage;
import io.faceengine.bench.peers.SystemResult.Setting;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The peers (hnswlib, Faiss HNSW, Faiss IVF-PQ) run by {@code bench/peers/peers.py} in a Python
 * subprocess, on the workload's vector files: it prints JSON lines (the script's docstring lists
 * them), read here as they come. A peer whose library the interpreter cannot import is skipped,
 * with the reason and the command that installs it ({@link #INSTALL}).
 */
final class PythonPeers {
  /** Debian's packages of the peers, for /usr/bin/python3. */
  static final String INSTALL = "apt-get install -y python3-hnswlib python3-faiss";
  static final List<String> SYSTEMS = List.of("hnswlib", "faiss-hnsw", "faiss-ivfpq");
  private static final JsonMapper JSON = new JsonMapper();
  private static final String RAM_BASIS = "the index as its library serializes it (save_index / write_index): vectors"
      + " or codes, links, ids; per-element bookkeeping (hnswlib: lock, level, pointer, label map; about 90 B) not counted";

  private final String python;
  private final Path script;

  PythonPeers(String python, Path script) {
    this.python = python;
    this.script = script;
  }

  /**
   * What the interpreter has.
   *
   * @param versions the script's versions line (or what was found without it)
   * @param missing why each peer that cannot run cannot, by system; empty when all can
   */
  record Check(JsonNode versions, Map<String, String> missing) {
    boolean allPresent() {
      return missing.isEmpty();
    }
  }

  Check check() {
    if (!Files.isRegularFile(script)) {
      return missingAll("the peers' script " + script + " is not there");
    }
    try {
      Process process = new ProcessBuilder(python, script.toString(), "--check").redirectErrorStream(true).start();
      String output;
      try (var in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (process.waitFor() != 0 || output.isEmpty()) {
        return missingAll(python + " " + script + " --check failed: " + output);
      }
      JsonNode versions = JSON.readTree(output.lines().reduce((a, b) -> b).orElseThrow());
      Map<String, String> missing = new LinkedHashMap<>();
      for (String system : SYSTEMS) {
        String library = system.equals("hnswlib") ? "hnswlib" : "faiss";
        for (String needed : List.of("numpy", library)) {
          if (versions.path(needed).isNull() || versions.path(needed).isMissingNode()) {
            missing.putIfAbsent(system, python + " cannot import " + needed + " ("
                + versions.path("errors").path(needed).asText("not found") + ")");
          }
        }
      }
      return new Check(versions, missing);
    } catch (IOException e) {
      return missingAll("no Python interpreter at " + python + " (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return missingAll("interrupted");
    }
  }

  private static Check missingAll(String reason) {
    ObjectNode versions = JsonNodeFactory.instance.objectNode().put("error", reason);
    return new Check(versions, SYSTEMS.stream().collect(Collectors.toMap(s -> s, s -> reason, (a, b) -> a,
        LinkedHashMap::new)));
  }

  /** The line that says a peer is skipped and how to get it. */
  static String skipLine(String system, String reason) {
    return "peers: skipping " + system + ": " + reason + "; install the peers with: " + INSTALL;
  }

  /**
   * Runs the peers that {@code check} found, each on one thread, on the workload's files.
   *
   * @param ef hnswlib's and Faiss HNSW's search breadths
   * @param nprobe Faiss IVF-PQ's lists probed
   * @param stderr where the script's standard error goes (Faiss's warnings)
   */
  List<SystemResult> run(Check check, Workload work, int m, int efConstruction, List<Integer> ef, List<Integer> nprobe,
      Path stderr, PrintStream out) throws IOException, InterruptedException {
    List<String> systems = SYSTEMS.stream().filter(s -> !check.missing().containsKey(s)).toList();
    if (systems.isEmpty()) {
      return List.of();
    }
    List<String> command = new ArrayList<>(List.of(python, script.toString(), "--vectors", work.vectorFile().toString(),
        "--probes", work.probeFile().toString(), "--k", Integer.toString(work.k()), "--m", Integer.toString(m),
        "--ef-construction", Integer.toString(efConstruction), "--ef", join(ef), "--nprobe", join(nprobe),
        "--systems", String.join(",", systems)));
    if (work.warmUpFile() != null) {
      command.addAll(List.of("--warmup-probes", work.warmUpFile().toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    builder.environment().putAll(Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1", "MKL_NUM_THREADS", "1"));
    Process process = builder.start();
    Map<String, JsonNode> builds = new LinkedHashMap<>();
    Map<String, List<Setting>> sweeps = new LinkedHashMap<>();
    Map<String, String> loads = new LinkedHashMap<>();
    boolean done = false;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode event = JSON.readTree(line);
        String system = event.path("system").asText();
        switch (event.path("event").asText()) {
          case "build" -> {
            builds.put(system, event);
            loads.put(system, LoadAverage.now());
            out.printf(java.util.Locale.ROOT, "%s: built %d vectors in %.1f s on %d thread (%.0f vectors/s); %s%n",
                system, event.path("vectors").asLong(), event.path("seconds").asDouble(), event.path("threads").asInt(),
                event.path("vectors").asLong() / event.path("seconds").asDouble(), event.path("params").asText());
          }
          case "search" -> {
            Setting setting = setting(event, work);
            sweeps.computeIfAbsent(system, s -> new ArrayList<>()).add(setting);
            loads.computeIfPresent(system, (s, load) -> load.split(" -> ")[0] + " -> " + LoadAverage.now());
            PeersReport.printSetting(out, system, setting);
          }
          case "skipped" -> out.println(skipLine(system, event.path("reason").asText()));
          case "done" -> done = true;
          default -> { } // the versions line: check() read it already
        }
      }
    } finally {
      process.getInputStream().close();
    }
    int exit = process.waitFor();
    if (exit != 0 || !done) {
      List<String> tail = Files.readAllLines(stderr);
      throw new IOException(String.join(" ", command) + " failed (exit " + exit + "); its last error lines:\n"
          + String.join("\n", tail.subList(Math.max(0, tail.size() - 15), tail.size())));
    }
    List<SystemResult> results = new ArrayList<>();
    builds.forEach((system, build) -> {
      double seconds = build.path("seconds").asDouble();
      int threads = build.path("threads").asInt();
      long n = build.path("vectors").asLong();
      results.add(new SystemResult(system, build.path("params").asText(), seconds, threads, n / seconds / threads,
          build.path("index_bytes").asDouble() / n, RAM_BASIS, sweeps.getOrDefault(system, List.of()),
          loads.get(system)));
    });
    return results;
  }

  private static Setting setting(JsonNode event, Workload work) throws IOException {
    JsonNode neighbours = event.path("neighbours");
    JsonNode latencies = event.path("latency_ms");
    String system = event.path("system").asText();
    String[][] found = new String[neighbours.size()][];
    double[] latency = new double[latencies.size()];
    for (int i = 0; i < found.length; i++) {
      int[] rows = new int[neighbours.get(i).size()];
      for (int j = 0; j < rows.length; j++) {
        rows[j] = neighbours.get(i).get(j).asInt();
      }
      work.checkRows(rows, system);
      found[i] = work.ids(rows);
    }
    for (int i = 0; i < latency.length; i++) {
      latency[i] = latencies.get(i).asDouble();
    }
    return Setting.of(event.path("setting").asText(), event.path("breadth").asInt(), found, work.exact(), latency, 1,
        event.path("wall_seconds").asDouble());
  }

  private static String join(List<Integer> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
