package io.faceengine.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.bench.peers.SystemResult.Setting;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a peers run measured, as written to its JSON file, and the lines it prints.
 *
 * @param command the command line that made it
 * @param loadAverages the machine's load averages (1, 5, 15 minutes) at the start and at the end
 * @param probes how the probes were made
 * @param files the vector files the systems read
 * @param peerVersions the Python interpreter's and the peers' versions (the script's versions line)
 * @param skipped peers that did not run, with why
 * @param atRecall each system's figures at the target recall (absent: no setting reached it)
 * @param lastLine the run's last line
 */
public record PeersReport(String command, String started, int cores, List<String> loadAverages, String javaVersion,
    String luceneVersion, String gallery, long vectors, int dimension, int queries, int warmUp, int k, int m,
    int beamWidth, String probes, String files, JsonNode peerVersions, Map<String, String> skipped,
    List<SystemResult> systems, double targetRecall, Map<String, AtRecall> atRecall, String lastLine) {
  /** The recall at which the last line compares the systems. */
  public static final double TARGET_RECALL = 0.98;
  static final String HNSWLIB = "hnswlib";
  static final String SERVICE = ServiceOverHttp.name(1);

  /** Each system's figures at {@code target}, for those that reach it. */
  static Map<String, AtRecall> atRecall(List<SystemResult> systems, double target) {
    Map<String, AtRecall> at = new LinkedHashMap<>();
    for (SystemResult system : systems) {
      AtRecall.of(system.settings(), target).ifPresent(a -> at.put(system.system(), a));
    }
    return at;
  }

  /**
   * {@code at recall@10 0.98: lucene/hnswlib q/s R, build B; service p50 P ms}: R the engine's
   * in-process search's q/s over hnswlib's (one thread each, default format), B its build's
   * vectors/s/core over hnswlib's, P the service's one-client p50; {@code n/a} where a side is
   * missing or never reached the target.
   */
  static String lastLine(List<SystemResult> systems, Map<String, AtRecall> at, String lucene, int k, double target) {
    Optional<SystemResult> engine = find(systems, lucene);
    Optional<SystemResult> hnswlib = find(systems, HNSWLIB);
    String r = ratio(Optional.ofNullable(at.get(lucene)).map(AtRecall::queriesPerSecond),
        Optional.ofNullable(at.get(HNSWLIB)).map(AtRecall::queriesPerSecond));
    String b = ratio(engine.map(SystemResult::vectorsPerSecondPerCore), hnswlib.map(SystemResult::vectorsPerSecondPerCore));
    String p = Optional.ofNullable(at.get(SERVICE)).map(a -> String.format(Locale.ROOT, "%.2f", a.p50Ms())).orElse("n/a");
    return String.format(Locale.ROOT, "at recall@%d %.2f: lucene/hnswlib q/s %s, build %s; service p50 %s ms", k, target,
        r, b, p);
  }

  private static Optional<SystemResult> find(List<SystemResult> systems, String name) {
    return systems.stream().filter(s -> s.system().equals(name)).findFirst();
  }

  private static String ratio(Optional<Double> a, Optional<Double> b) {
    return a.isPresent() && b.isPresent() ? String.format(Locale.ROOT, "%.2f", a.get() / b.get()) : "n/a";
  }

  static void printSetting(PrintStream out, String system, Setting s) {
    out.printf(Locale.ROOT, "  %-20s %-16s recall@10 %.4f  p50 %7.3f ms  p99 %7.3f ms  %8.1f q/s%n", system, s.setting(),
        s.recall(), s.p50Ms(), s.p99Ms(), s.queriesPerSecond());
  }

  /** The build table, the sweep table and each system at the target recall. */
  void printTables(PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "%-20s %9s %6s %16s %14s  %-32s %s%n", "system", "build s", "cores", "vectors/s/core",
        "RAM B/vector", "load after build -> after sweep", "how");
    for (SystemResult s : systems) {
      out.printf(Locale.ROOT, "%-20s %9.1f %6d %16.0f %14.0f  %-32s %s%n", s.system(), s.buildSeconds(), s.buildCores(),
          s.vectorsPerSecondPerCore(), s.ramBytesPerVector(), s.load(), s.description());
    }
    out.println();
    out.printf(Locale.ROOT, "%-20s %-16s %7s %10s %9s %9s %10s%n", "system", "setting", "clients", "recall@" + k,
        "p50 ms", "p99 ms", "q/s");
    for (SystemResult s : systems) {
      for (Setting setting : s.settings()) {
        out.printf(Locale.ROOT, "%-20s %-16s %7d %10.4f %9.3f %9.3f %10.1f%n", s.system(), setting.setting(),
            setting.clients(), setting.recall(), setting.p50Ms(), setting.p99Ms(), setting.queriesPerSecond());
      }
    }
    out.println();
    for (SystemResult s : systems) {
      AtRecall a = atRecall.get(s.system());
      out.printf(Locale.ROOT, "at recall@%d %.2f, %-20s %s%n", k, targetRecall, s.system() + ":", a == null
          ? "not reached by any setting"
          : String.format(Locale.ROOT, "%.1f q/s, p50 %.3f ms (from %s)", a.queriesPerSecond(), a.p50Ms(), a.how()));
    }
    skipped.forEach((system, reason) -> out.println(PythonPeers.skipLine(system, reason)));
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), this);
  }
}
