package io.faceengine.bench.peers;

import io.faceengine.bench.LoadAverage;
import io.faceengine.bench.index.IndexFootprint;
import io.faceengine.bench.peers.SystemResult.Setting;
import io.faceengine.bench.query.BenchIndex;
import io.faceengine.bench.query.ClientLoad;
import io.faceengine.bench.query.HttpSearch;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.index.GenerationManifest;
import io.faceengine.query.EmbeddedService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The engine's query service over loopback HTTP on a one-shard generation the engine's index build
 * made: for each oversample of the sweep the embedded service is started with it, warmed up, then
 * sent every probe ({@code POST /v1/search}, an embedding, k) by one client, then by two concurrent
 * clients; client-side latency, as {@code bench query} measures it.
 */
final class ServiceOverHttp {
  private static final String HOST = "127.0.0.1";
  static final List<Integer> CLIENTS = List.of(1, 2);

  private ServiceOverHttp() {}

  /**
   * One result per client count, in {@link #CLIENTS}' order; with {@code adaptive}, then one more per
   * client count ({@code <name>-auto}) of the service at {@code oversample = auto}, searching with the
   * breadth the index build measured and stored in the generation's manifest.
   */
  static List<SystemResult> measure(EngineConfig config, BenchIndex index, Path shardDir, Workload work,
      List<Integer> breadths, boolean adaptive, PrintStream out) throws Exception {
    GenerationManifest manifest = index.manifest();
    if (manifest.shardCount() != 1) {
      throw new IllegalArgumentException(index.root() + ": the peers run compares one shard, this has "
          + manifest.shardCount());
    }
    String loadBefore = LoadAverage.now();
    List<List<Setting>> sweeps = new ArrayList<>();
    CLIENTS.forEach(c -> sweeps.add(new ArrayList<>()));
    for (int breadth : breadths) {
      int oversample = LuceneInProcess.oversample(breadth, work.k());
      List<Setting> points = sweepPoint(config, index, oversample, "oversample=" + oversample, work, out, "");
      for (int c = 0; c < CLIENTS.size(); c++) {
        sweeps.get(c).add(points.get(c));
      }
    }
    List<Setting> auto = List.of();
    if (adaptive) {
      int measured = manifest.oversample(0, QueryConfig.AUTO_OVERSAMPLE);
      out.printf(Locale.ROOT, "service: oversample auto: gen-%d's manifest says %s%n", manifest.generation(),
          manifest.searchBreadth() == null ? "nothing (fallback " + measured + ")" : manifest.searchBreadth());
      auto = sweepPoint(config, index, QueryConfig.AUTO_OVERSAMPLE, "oversample=auto(" + measured + ")", work, out,
          "-auto");
    }
    long n = manifest.totalDocs();
    double seconds = index.buildSeconds() != null ? index.buildSeconds() : manifest.buildSeconds();
    IndexFootprint footprint = IndexFootprint.of(List.of(shardDir));
    boolean quantized = manifest.vectorFormat() != VectorFormat.FLOAT32;
    String description = String.format(Locale.ROOT, "bin/engine serve (embedded) over loopback HTTP, gen-%d: 1 shard,"
        + " %s, M=%d beamWidth=%d, built by the index build job (Spark, 1 task)%s", manifest.generation(),
        manifest.vectorFormat().configName(), manifest.hnswM(), manifest.hnswBeamWidth(),
        index.buildSeconds() == null ? ", reused" : "");
    List<SystemResult> results = new ArrayList<>();
    String load = loadBefore + " -> " + LoadAverage.now();
    for (int c = 0; c < CLIENTS.size(); c++) {
      results.add(new SystemResult(name(CLIENTS.get(c)), description, seconds, 1, n / seconds,
          footprint.searchResident(quantized) / (double) n, "as lucene-" + manifest.vectorFormat().configName(),
          sweeps.get(c), load));
    }
    for (int c = 0; c < auto.size(); c++) {
      results.add(new SystemResult(name(CLIENTS.get(c)) + "-auto", description + "; oversample auto: the breadth the"
          + " build measured", seconds, 1, n / seconds, footprint.searchResident(quantized) / (double) n,
          "as lucene-" + manifest.vectorFormat().configName(), List.of(auto.get(c)), load));
    }
    return results;
  }

  /**
   * The embedded service started with {@code oversample} (or auto), warmed up, then sent every probe by
   * each client count of {@link #CLIENTS}: one setting per client count.
   */
  private static List<Setting> sweepPoint(EngineConfig config, BenchIndex index, int oversample, String label,
      Workload work, PrintStream out, String suffix) throws Exception {
    EngineConfig withBreadth = config.withQuery(config.query().withOversample(oversample));
    int breadth = index.manifest().oversample(0, oversample) * work.k();
    List<Setting> settings = new ArrayList<>();
    try (EmbeddedService service = EmbeddedService.start(withBreadth, index.root(), HOST, 0)) {
      if (!service.service().router().awaitReady(Duration.ofMinutes(10))) {
        throw new IOException(index.root() + ": the shard did not open within 10 minutes");
      }
      HttpSearch http = new HttpSearch(HOST, service.port());
      if (!work.warmUp().isEmpty()) {
        ClientLoad.run(1, work.warmUp().size(), n -> http.search(work.warmUp().get(n).vector(), work.k()));
      }
      for (int clients : CLIENTS) {
        List<float[]> probes = work.probeVectors();
        String[][] found = new String[probes.size()][];
        ClientLoad.Result load = ClientLoad.run(clients, probes.size(), n -> {
          HttpSearch.Answer answer = http.search(probes.get(n), work.k());
          if (answer.partial()) {
            throw new IOException("a partial answer from a one-shard service");
          }
          found[n] = answer.faceIds();
        });
        Setting setting = Setting.of(label, breadth, found, work.exact(), load.latencyMillis(), clients,
            load.wallNanos() / 1e9);
        PeersReport.printSetting(out, name(clients) + suffix, setting);
        settings.add(setting);
      }
    }
    return settings;
  }

  static String name(int clients) {
    return "service-" + clients + (clients == 1 ? "-client" : "-clients");
  }
}
