package io.faceengine.bench.peers;

import io.faceengine.bench.Stats;
import io.faceengine.bench.query.Recall;
import java.util.List;

/**
 * One system's figures in a peers run: how its index was built and what each search breadth gave.
 *
 * @param system the system's name in tables, the plot and the last line (e.g. {@code lucene-int8}, {@code hnswlib})
 * @param description its parameters, as the run set them
 * @param buildSeconds the index build's wall time
 * @param buildCores the cores the build used
 * @param vectorsPerSecondPerCore vectors / build seconds / build cores
 * @param ramBytesPerVector the bytes per vector a search needs in memory (see {@code ramBasis})
 * @param ramBasis how {@code ramBytesPerVector} was counted
 * @param settings one per search breadth, narrowest first
 * @param load the machine's load averages (1, 5, 15 minutes) after the build (the service's: before
 *     its sweep) and after the sweep: the machines are shared, and a busy one slows whichever system
 *     runs then
 */
public record SystemResult(String system, String description, double buildSeconds, int buildCores,
    double vectorsPerSecondPerCore, double ramBytesPerVector, String ramBasis, List<Setting> settings, String load) {
  public SystemResult {
    settings = List.copyOf(settings);
  }

  /**
   * One search breadth: recall@k against exact search, latency percentiles and throughput.
   *
   * @param setting the system's own name for it, e.g. {@code ef=200} or {@code oversample=20}
   * @param breadth candidates the search keeps (ef, oversample x k), or nprobe for IVF
   * @param recall mean recall@k over the probes
   * @param clients concurrent clients (1: one thread)
   * @param queriesPerSecond probes answered / the measured loop's wall time
   */
  public record Setting(String setting, int breadth, double recall, double p50Ms, double p99Ms, int clients,
      double queriesPerSecond) {
    /**
     * The figures of one measured sweep point.
     *
     * @param found each probe's answer (face ids, best first)
     * @param exact each probe's exact top k
     * @param latencyMs each probe's latency
     */
    public static Setting of(String setting, int breadth, String[][] found, List<String[]> exact, double[] latencyMs,
        int clients, double wallSeconds) {
      if (found.length != exact.size() || found.length != latencyMs.length || found.length == 0) {
        throw new IllegalArgumentException(setting + ": " + found.length + " answers, " + exact.size()
            + " exact answers and " + latencyMs.length + " latencies");
      }
      double recall = 0;
      for (int i = 0; i < found.length; i++) {
        recall += Recall.of(found[i], exact.get(i));
      }
      return new Setting(setting, breadth, recall / found.length, Stats.percentile(latencyMs, 50),
          Stats.percentile(latencyMs, 99), clients, found.length / wallSeconds);
    }
  }
}
