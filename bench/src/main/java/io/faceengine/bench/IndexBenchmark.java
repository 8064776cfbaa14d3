package io.faceengine.bench;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faceengine.bench.gallery.SyntheticFaces;
import io.faceengine.bench.index.ExactNeighbours;
import io.faceengine.bench.index.IndexFootprint;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.IndexBuildJob;
import io.faceengine.index.IndexBuildPlan;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.lucene.ShardVectors;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.SparkJobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.lucene.util.IOUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine bench index}: for each vector format, builds the gallery's index with the real
 * index build ({@link IndexBuildJob}: Spark, N shards, default HNSW parameters) and measures build
 * throughput, bytes per vector on disk and in memory, and recall@10 of the sharded search (each
 * shard's {@link ShardSearcher} with oversample and exact re-rank, top 10 merged) against an exact
 * brute-force search over the whole gallery, for probes drawn from the real faces and from the
 * synthetic ones. Probes are gallery faces and count themselves among their exact neighbours.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Build the gallery's index in each vector format; print build throughput, bytes per vector and"
        + " recall@10 against exact search at several oversample settings.")
final class IndexBenchmark implements Callable<Integer> {
  private static final int K = 10;
  private static final int WARM_UP_PROBES = 200;

  @Option(names = "--gallery", paramLabel = "DIR", required = true,
      description = "The gallery (bench gallery's output, or any faces dataset).")
  String gallery;

  @Option(names = "--work", paramLabel = "DIR", required = true,
      description = "Where the indexes are built, one root per format (FORMAT/); reused with --reuse.")
  Path work;

  @Option(names = "--formats", split = ",", defaultValue = "float32,int8,int4,binary",
      description = "Vector formats (default: ${DEFAULT-VALUE}).")
  List<String> formats;

  @Option(names = "--probes", defaultValue = "1000",
      description = "Probes of each kind, real and synthetic (default: ${DEFAULT-VALUE}).")
  int probes;

  @Option(names = "--oversample", split = ",", defaultValue = "1,2,5,10,20",
      description = "Oversample settings: the graph is asked for X*10 candidates per shard (default: ${DEFAULT-VALUE}).")
  List<Integer> oversamples;

  @Option(names = "--shards", description = "Shards per index (default: engine.index.shards).")
  Integer shards;

  @Option(names = "--reuse", description = "Measure an index already built under --work instead of building it.")
  boolean reuse;

  @Option(names = "--seed", defaultValue = "1", description = "Chooses the probes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
  Path report;

  @Mixin SparkJobOptions job;

  record Setting(int oversample, int candidates, double recallReal, double recallSynthetic, double recallAll,
      double medianMs, double p99Ms) {}

  record FormatResult(String format, long vectors, int shards, int cores, double buildSeconds,
      double vectorsPerSecondPerCore, double diskBytesPerVector, double diskVectorBytesPerVector,
      double searchResidentBytesPerVector, double rerankBytesPerVector, Map<String, Long> diskBytes,
      Map<String, Long> offHeapBytes, List<Setting> settings, String loadAverageBuild, String loadAverageSearch) {}

  record Report(String gallery, int probesPerKind, String probeNote, int m, int beamWidth, List<FormatResult> formats) {}

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    IndexConfig defaults = config.index();
    int shardCount = shards != null ? shards : defaults.shards();
    ModelManifest models = ModelManifest.load(config.models().manifest());
    List<FormatResult> results = new ArrayList<>();
    Files.createDirectories(work);
    try (SparkSession spark = job.session("face-engine bench index")) {
      int cores = spark.sparkContext().defaultParallelism();
      Set<String> realIds = realFaceIds(spark);
      ProbeSet probeSet = null;
      for (String name : formats) {
        VectorFormat format = VectorFormat.parse(name);
        IndexConfig index = defaults.with(format, defaults.m(), defaults.beamWidth(), shardCount);
        String root = work.resolve(format.configName()).toAbsolutePath().toString();
        String loadBuild = LoadAverage.now();
        GenerationManifest manifest = reuse && Files.exists(work.resolve(format.configName()).resolve("CURRENT"))
            ? existing(spark, root)
            : new IndexBuildJob(spark, new IndexBuildPlan(gallery, root, index, models), System.out).run();
        loadBuild = loadBuild + " -> " + LoadAverage.now();
        GenerationStore store = new GenerationStore(spark.sparkContext().hadoopConfiguration(), root);
        List<Path> shardDirs = new ArrayList<>();
        for (GenerationManifest.ShardEntry shard : manifest.shards()) {
          shardDirs.add(store.localShard(manifest.generation(), shard.shard(), work.resolve("scratch")));
        }
        if (probeSet == null) {
          probeSet = ProbeSet.choose(shardDirs, realIds, probes, seed, cores);
        }
        IndexFootprint footprint = IndexFootprint.of(shardDirs);
        String loadSearch = LoadAverage.now();
        List<Setting> settings = search(shardDirs, probeSet);
        loadSearch = loadSearch + " -> " + LoadAverage.now();
        boolean quantized = format != VectorFormat.FLOAT32;
        double n = manifest.totalDocs();
        FormatResult result = new FormatResult(format.configName(), manifest.totalDocs(), manifest.shardCount(), cores,
            manifest.buildSeconds(), n / manifest.buildSeconds() / cores, footprint.diskTotal() / n,
            footprint.diskVectors() / n, footprint.searchResident(quantized) / n, footprint.rerankOnly(quantized) / n,
            footprint.diskBytes(), footprint.offHeapBytes(), settings, loadBuild, loadSearch);
        results.add(result);
        print(result);
        writeReport(results, defaults); // after every format: a long run keeps what it measured
      }
    }
    printTables(results);
    return 0;
  }

  private void writeReport(List<FormatResult> results, IndexConfig defaults) throws IOException {
    if (report != null) {
      Files.createDirectories(report.toAbsolutePath().getParent());
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), new Report(gallery,
          probes, "probes are gallery faces; each counts itself among its exact top 10", defaults.m(),
          defaults.beamWidth(), results));
      System.out.println("report: " + report);
    }
  }

  /** The face ids of the gallery's real (not synthetic) faces. */
  private Set<String> realFaceIds(SparkSession spark) {
    Set<String> ids = new HashSet<>();
    String faces = Files.isDirectory(Path.of(gallery, FacesSchema.FACES)) ? gallery + "/" + FacesSchema.FACES
        : gallery;
    for (Row row : spark.read().parquet(faces).filter(col(FacesSchema.RUN_ID).startsWith(SyntheticFaces.RUN_PREFIX)
        .unary_$bang()).select("face_id").collectAsList()) {
      ids.add(row.getString(0));
    }
    return ids;
  }

  private static GenerationManifest existing(SparkSession spark, String root) throws IOException {
    GenerationStore store = new GenerationStore(spark.sparkContext().hadoopConfiguration(), root);
    return store.manifest(store.current().orElseThrow());
  }

  /** Recall and latency of the sharded search at every oversample setting, after a warm-up. */
  private List<Setting> search(List<Path> shardDirs, ProbeSet probeSet) throws IOException {
    List<Setting> settings = new ArrayList<>();
    int warmUp = Math.min(WARM_UP_PROBES, probeSet.vectors.size());
    searchAll(shardDirs, Collections.max(oversamples), probeSet.vectors.subList(0, warmUp));
    for (int oversample : oversamples) {
      Searches searches = searchAll(shardDirs, oversample, probeSet.vectors);
      double real = 0;
      double synthetic = 0;
      for (int i = 0; i < probeSet.vectors.size(); i++) {
        Set<String> truth = Set.of(probeSet.exact.get(i));
        double recall = searches.hits.get(i).stream().filter(truth::contains).count() / (double) truth.size();
        if (i < probeSet.realCount) {
          real += recall;
        } else {
          synthetic += recall;
        }
      }
      int syntheticCount = probeSet.vectors.size() - probeSet.realCount;
      settings.add(new Setting(oversample, oversample * K, real / probeSet.realCount, synthetic / syntheticCount,
          (real + synthetic) / probeSet.vectors.size(), Stats.median(searches.millis),
          Stats.percentile(searches.millis, 99)));
    }
    return settings;
  }

  private record Searches(List<List<String>> hits, double[] millis) {}

  /** Each probe searched on every shard in turn (one thread), merged to the top 10; its time is the whole search. */
  private static Searches searchAll(List<Path> shardDirs, int oversample, List<float[]> probes) throws IOException {
    List<ShardSearcher> searchers = new ArrayList<>();
    try {
      for (Path dir : shardDirs) {
        searchers.add(new ShardSearcher(dir, oversample));
      }
      List<List<String>> hits = new ArrayList<>();
      double[] millis = new double[probes.size()];
      for (int i = 0; i < probes.size(); i++) {
        long start = System.nanoTime();
        List<ShardHit> merged = new ArrayList<>();
        for (ShardSearcher searcher : searchers) {
          merged.addAll(searcher.search(probes.get(i), K));
        }
        merged.sort(Comparator.comparingDouble((ShardHit h) -> -h.similarity()).thenComparing(ShardHit::faceId));
        millis[i] = (System.nanoTime() - start) / 1e6;
        hits.add(merged.stream().limit(K).map(ShardHit::faceId).toList());
      }
      return new Searches(hits, millis);
    } finally {
      IOUtils.close(searchers);
    }
  }

  /** Probes (real ones first) with their exact top 10 over the whole gallery, computed once. */
  private record ProbeSet(List<float[]> vectors, int realCount, List<String[]> exact) {
    static ProbeSet choose(List<Path> shardDirs, Set<String> realIds, int perKind, long seed, int threads)
        throws Exception {
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (Path dir : shardDirs) {
        ShardVectors.forEach(dir, (faceId, vector) -> {
          ids.add(faceId);
          vectors.add(vector.clone());
        });
      }
      List<Integer> real = new ArrayList<>();
      List<Integer> synthetic = new ArrayList<>();
      Integer[] order = new Integer[ids.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, Comparator.comparing(ids::get)); // a seed picks the same probes in any shard order
      for (int i : order) {
        (realIds.contains(ids.get(i)) ? real : synthetic).add(i);
      }
      Random random = new Random(seed);
      Collections.shuffle(real, random);
      Collections.shuffle(synthetic, random);
      List<float[]> probes = new ArrayList<>();
      real.stream().limit(perKind).forEach(i -> probes.add(vectors.get(i)));
      int realCount = probes.size();
      synthetic.stream().limit(perKind).forEach(i -> probes.add(vectors.get(i)));
      long start = System.nanoTime();
      List<String[]> exact = new ExactNeighbours(ids.toArray(String[]::new), vectors.toArray(float[][]::new))
          .top(probes, K, threads);
      System.out.printf(Locale.ROOT, "exact top %d of %d probes (%d real, %d synthetic) over %d faces: %.1f s on %d"
          + " threads%n", K, probes.size(), realCount, probes.size() - realCount, ids.size(),
          (System.nanoTime() - start) / 1e9, threads);
      return new ProbeSet(probes, realCount, exact);
    }
  }

  private static void print(FormatResult r) {
    System.out.printf(Locale.ROOT, "%s: %d vectors in %d shards built in %.1f s on %d cores = %.0f vectors/s/core"
        + " (load %s)%n", r.format(), r.vectors(), r.shards(), r.buildSeconds(), r.cores(), r.vectorsPerSecondPerCore(),
        r.loadAverageBuild());
    System.out.printf(Locale.ROOT, "  disk %.1f B/vector (vector files %.1f); memory to search %.1f B/vector"
        + " (+ %.1f B/vector of floats read only to re-rank); disk %s, off-heap %s%n", r.diskBytesPerVector(),
        r.diskVectorBytesPerVector(), r.searchResidentBytesPerVector(), r.rerankBytesPerVector(), r.diskBytes(),
        r.offHeapBytes());
    for (Setting s : r.settings()) {
      System.out.printf(Locale.ROOT, "  oversample %2d (%3d candidates/shard): recall@10 real %.4f, synthetic %.4f,"
          + " all %.4f; latency median %.2f ms, p99 %.2f ms%n", s.oversample(), s.candidates(), s.recallReal(),
          s.recallSynthetic(), s.recallAll(), s.medianMs(), s.p99Ms());
    }
  }

  /** The two Markdown tables of the README. */
  private static void printTables(List<FormatResult> results) {
    System.out.println();
    System.out.println("| format | build (s) | vectors/s/core | disk B/vector (vector files) | RAM B/vector to search"
        + " (+ re-rank floats) |");
    System.out.println("|---|---|---|---|---|");
    for (FormatResult r : results) {
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f (%.0f) | %.0f (+ %.0f) |%n", r.format(),
          r.buildSeconds(), r.vectorsPerSecondPerCore(), r.diskBytesPerVector(), r.diskVectorBytesPerVector(),
          r.searchResidentBytesPerVector(), r.rerankBytesPerVector());
    }
    System.out.println();
    System.out.println("| format | oversample (candidates/shard) | recall@10 real | recall@10 synthetic | median ms |"
        + " p99 ms |");
    System.out.println("|---|---|---|---|---|---|");
    for (FormatResult r : results) {
      for (Setting s : r.settings()) {
        System.out.printf(Locale.ROOT, "| %s | %d (%d) | %.4f | %.4f | %.2f | %.2f |%n", r.format(), s.oversample(),
            s.candidates(), s.recallReal(), s.recallSynthetic(), s.medianMs(), s.p99Ms());
      }
    }
  }
}
