package io.faceengine.bench.peers;

import io.faceengine.bench.LoadAverage;
import io.faceengine.bench.index.IndexFootprint;
import io.faceengine.bench.peers.SystemResult.Setting;
import io.faceengine.bench.query.Probes.Probe;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.index.BreadthCalibrator;
import io.faceengine.index.FaceDoc;
import io.faceengine.index.FaceSample;
import io.faceengine.index.SearchBreadth.ShardBreadth;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardIndexWriter;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.lucene.ShardSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The engine's search in-process: one shard written by the engine's {@link ShardIndexWriter} on
 * this thread (what one index build task does: add every face, merge to one segment, commit), then
 * searched by its {@link ShardSearcher} on this thread, at each oversample of the sweep (the graph
 * proposes oversample x k candidates, re-ranked on the raw floats).
 */
final class LuceneInProcess {
  private LuceneInProcess() {}

  /** The oversample giving a search breadth: candidates = oversample x k, at least the breadth. */
  static int oversample(int breadth, int k) {
    return Math.max(1, (breadth + k - 1) / k);
  }

  static SystemResult measure(ShardSettings settings, Workload work, Path dir, List<Integer> breadths, PrintStream out)
      throws IOException {
    String system = "lucene-" + settings.format().configName();
    long start = System.nanoTime();
    try (ShardIndexWriter writer = new ShardIndexWriter(dir, settings)) {
      for (FaceDoc face : work.faces()) {
        writer.add(face);
      }
      writer.finish();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int n = work.faces().size();
    IndexFootprint footprint = IndexFootprint.of(List.of(dir));
    boolean quantized = settings.format() != VectorFormat.FLOAT32;
    String loadAfterBuild = LoadAverage.now();
    out.printf(Locale.ROOT, "%s: built %d vectors in %.1f s on 1 thread (%.0f vectors/s); off-heap %s%n", system, n,
        seconds, n / seconds, footprint.offHeapBytes());
    // The JIT's warm-up first, once at the widest setting (its code paths are the narrower ones' too).
    try (ShardSearcher searcher = new ShardSearcher(dir, oversample(breadths.getLast(), work.k()))) {
      warmUp(searcher, work);
    }
    List<Setting> sweep = new ArrayList<>();
    for (int breadth : breadths) {
      int oversample = oversample(breadth, work.k());
      Setting setting = search(dir, oversample, "oversample=" + oversample, work);
      PeersReport.printSetting(out, system, setting);
      sweep.add(setting);
    }
    String basis = "Lucene's off-heap accounting: HNSW graph (vex) + the vectors it scores ("
        + (quantized ? "veq codes; the raw floats read only to re-rank add "
            + String.format(Locale.ROOT, "%.0f", footprint.rerankOnly(true) / (double) n) + " B/vector" : "vec floats")
        + ")";
    return new SystemResult(system, "ShardIndexWriter + ShardSearcher, " + settings.format().configName() + ", M="
        + settings.m() + " beamWidth=" + settings.beamWidth() + ", one segment", seconds, 1, n / seconds,
        footprint.searchResident(quantized) / (double) n, basis, sweep, loadAfterBuild + " -> " + LoadAverage.now());
  }

  /**
   * The adaptive breadth on the shard {@link #measure} built in {@code dir}: the oversample an index
   * build would store for it ({@link BreadthCalibrator}, {@code probes} made from its own faces),
   * then the workload's probes searched at it, as a system of its own ({@code <system>-auto}).
   */
  static SystemResult adaptive(SystemResult fixed, Path dir, Workload work, int probes, double targetRecall,
      PrintStream out) throws IOException {
    long start = System.nanoTime();
    List<float[]> sample = BreadthCalibrator.probes(List.of(dir), FaceSample.draw(List.of(dir), work.faces().size(),
        probes, 1), 1);
    ShardBreadth breadth = BreadthCalibrator.measureShard(0, dir, sample, work.k(), targetRecall);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "%s: adaptive breadth: oversample %d (recall@%d %.4f on %d probes, target %s;"
        + " measured in %.1f s)%n", fixed.system(), breadth.oversample(), work.k(), breadth.recall(), probes,
        targetRecall, seconds);
    String system = fixed.system() + "-auto";
    Setting setting = search(dir, breadth.oversample(), "oversample=auto(" + breadth.oversample() + ")", work);
    PeersReport.printSetting(out, system, setting);
    return new SystemResult(system, fixed.description() + "; oversample measured as an index build does (target "
        + targetRecall + ", " + probes + " probes): " + breadth.oversample() + " at recall " + String.format(Locale.ROOT,
        "%.4f", breadth.recall()) + ", in " + String.format(Locale.ROOT, "%.1f", seconds) + " s",
        fixed.buildSeconds(), fixed.buildCores(), fixed.vectorsPerSecondPerCore(), fixed.ramBytesPerVector(),
        fixed.ramBasis(), List.of(setting), fixed.load());
  }

  /** The workload's probes searched one after another on this thread at {@code oversample}, after a warm-up. */
  private static Setting search(Path dir, int oversample, String name, Workload work) throws IOException {
    try (ShardSearcher searcher = new ShardSearcher(dir, oversample)) {
      warmUp(searcher, work);
      List<float[]> probes = work.probeVectors();
      String[][] found = new String[probes.size()][];
      double[] latency = new double[probes.size()];
      long loop = System.nanoTime();
      for (int i = 0; i < found.length; i++) {
        long sent = System.nanoTime();
        List<ShardHit> hits = searcher.search(probes.get(i), work.k());
        latency[i] = (System.nanoTime() - sent) / 1e6;
        found[i] = hits.stream().map(ShardHit::faceId).toArray(String[]::new);
      }
      return Setting.of(name, oversample * work.k(), found, work.exact(), latency, 1,
          (System.nanoTime() - loop) / 1e9);
    }
  }

  private static void warmUp(ShardSearcher searcher, Workload work) throws IOException {
    for (Probe probe : work.warmUp()) {
      searcher.search(probe.vector(), work.k());
    }
  }
}
