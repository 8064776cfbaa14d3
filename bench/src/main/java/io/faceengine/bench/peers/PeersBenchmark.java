package io.faceengine.bench.peers;

import static org.apache.spark.sql.functions.col;

import io.faceengine.bench.LoadAverage;
import io.faceengine.bench.query.BenchIndex;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.index.FaceDoc;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.spark.FaceRows;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.SparkJobOptions;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.Version;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/engine bench peers}: the engine's search side by side with hnswlib and Faiss, on the
 * same vectors and probes, with the same HNSW M and construction beam. The gallery's vectors are
 * exported once ({@link VectorFile}); then, each searched at every breadth of one sweep with one
 * thread: Lucene in-process through the engine's shard writer and {@code ShardSearcher}, one shard
 * per vector format; the query service over loopback HTTP on a one-shard generation the index
 * build made (one and two clients); hnswlib, Faiss HNSW and one Faiss IVF-PQ setting in a Python
 * subprocess ({@code bench/peers/peers.py}). Recall@k is against exact search, computed once.
 * Peers whose Python libraries are missing are skipped, each with a line saying how to install them.
 */
@Command(name = "peers", mixinStandardHelpOptions = true,
    description = "The engine's search (in-process per vector format, and the service over HTTP) side by side with"
        + " hnswlib, Faiss HNSW and Faiss IVF-PQ on the same vectors: recall@10, p50/p99 latency, q/s, build rate,"
        + " bytes per vector; JSON and a recall-vs-q/s plot in the run directory.")
public final class PeersBenchmark implements Callable<Integer> {
  /** Where the peers' script is, under the engine's home. */
  static final String SCRIPT = "bench/peers/peers.py";
  private static final int K = 10;

  @Option(names = "--gallery", paramLabel = "DIR", required = true,
      description = "The faces dataset (bench gallery's output, or any ingest output).")
  String gallery;

  @Option(names = "--size", paramLabel = "N",
      description = "Use the N faces with the smallest face ids (a uniform sample: ids are hashes); default: all.")
  Integer size;

  @Option(names = "--queries", paramLabel = "Q", defaultValue = "1000",
      description = "Probes measured per system and setting (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--warmup", defaultValue = "200",
      description = "Warm-up probes before each setting (default: ${DEFAULT-VALUE}).")
  int warmUp;

  @Option(names = "--output", paramLabel = "DIR",
      description = "The run directory, relative to the engine's home (default: reports/bench/peers/run-<UTC time>).")
  Path output;

  @Option(names = "--formats", split = ",", defaultValue = "float32,int8,int4,binary",
      description = "Vector formats searched in-process (default: ${DEFAULT-VALUE}).")
  List<String> formats;

  @Option(names = "--breadth", split = ",", defaultValue = "10,20,50,100,150,200,300,500",
      description = "Search breadths: ef of hnswlib and Faiss HNSW, oversample x 10 candidates of the engine"
          + " (default: ${DEFAULT-VALUE}).")
  List<Integer> breadths;

  @Option(names = "--adaptive", description = "Also measure the adaptive breadth: the oversample an index build"
      + " stores for the shard (engine.index.breadth), in-process (<system>-auto) and served with oversample auto"
      + " (service-*-auto).")
  boolean adaptive;

  @Option(names = "--nprobe", split = ",", defaultValue = "1,2,4,8,16,32,64,128",
      description = "Lists probed by Faiss IVF-PQ (default: ${DEFAULT-VALUE}).")
  List<Integer> nprobes;

  @Option(names = "--m", description = "HNSW M of every graph (default: engine.index.m).")
  Integer m;

  @Option(names = "--beam-width", description = "HNSW construction beam (efConstruction) of every graph"
      + " (default: engine.index.beam-width).")
  Integer beamWidth;

  @Option(names = "--probe-distance", defaultValue = "0.29",
      description = "Distance of each probe from the gallery face it is made from (default: ${DEFAULT-VALUE}).")
  double probeDistance;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the probe sample (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
      description = "The interpreter of the peers: Debian's, where apt-get installs python3-hnswlib and python3-faiss"
          + " (default: ${DEFAULT-VALUE}).")
  String python;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Also write the run's JSON to FILE, relative to the engine's home (e.g. bench/results/peers-1m.json).")
  Path report;

  @Mixin SparkJobOptions job;

  @Spec CommandSpec spec;

  private final PrintStream out;

  public PeersBenchmark() {
    this(System.out);
  }

  PeersBenchmark(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    IndexConfig defaults = config.index();
    int hnswM = m != null ? m : defaults.m();
    int beam = beamWidth != null ? beamWidth : defaults.beamWidth();
    List<VectorFormat> vectorFormats = formats.stream().map(VectorFormat::parse).toList();
    validate();
    String started = Instant.now().toString();
    int cores = Runtime.getRuntime().availableProcessors();
    List<String> loads = new ArrayList<>(List.of(LoadAverage.now()));
    Path run = config.home().resolve(output != null ? output : Path.of("reports/bench/peers", "run-"
        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())))
        .toAbsolutePath().normalize();
    Files.createDirectories(run);
    out.printf(Locale.ROOT, "peers benchmark: %s%s, %d queries + %d warm-up, k=%d, M=%d, beam %d, breadths %s,"
        + " nprobe %s, %d cores, load %s; run directory %s%n", gallery, size != null ? " (" + size + " faces)" : "",
        queries, warmUp, K, hnswM, beam, breadths, nprobes, cores, loads.getFirst(), run);

    PythonPeers peers = new PythonPeers(python, config.home().resolve(SCRIPT));
    PythonPeers.Check check = peers.check();
    check.missing().forEach((system, reason) -> out.println(PythonPeers.skipLine(system, reason)));

    Prepared prepared = prepare(config, defaults.with(defaults.format(), hnswM, beam, 1), run);
    Workload work = Workload.prepare(prepared.faces(), queries, warmUp, probeDistance, seed, K, cores, run);
    out.printf(Locale.ROOT, "exported %s; exact top %d of every probe computed%n", work.filesNote(), K);

    List<SystemResult> systems = new ArrayList<>();
    for (VectorFormat format : vectorFormats) {
      Path dir = run.resolve("lucene-" + format.configName());
      IOUtils.rm(dir);
      SystemResult fixed = LuceneInProcess.measure(new ShardSettings(format, hnswM, beam, work.dimension()), work, dir,
          breadths, out);
      systems.add(fixed);
      if (adaptive) {
        systems.add(LuceneInProcess.adaptive(fixed, dir, work, defaults.breadthProbes(), defaults.breadthTargetRecall(),
            out));
      }
      IOUtils.rm(dir); // only its figures are kept
    }
    GenerationStore store = new GenerationStore(new org.apache.hadoop.conf.Configuration(), prepared.service().root());
    Path shardDir = store.localShard(prepared.service().manifest().generation(), 0, run.resolve("scratch"));
    systems.addAll(ServiceOverHttp.measure(config, prepared.service(), shardDir, work, breadths, adaptive, out));
    systems.addAll(peers.run(check, work, hnswM, beam, breadths, nprobes, run.resolve("peers-stderr.log"), out));
    loads.add(LoadAverage.now());

    Map<String, AtRecall> at = PeersReport.atRecall(systems, PeersReport.TARGET_RECALL);
    String lastLine = PeersReport.lastLine(systems, at, "lucene-" + defaults.format().configName(), K,
        PeersReport.TARGET_RECALL);
    // The original arguments start with "peers" when the command ran under bin/engine bench.
    String command = (spec.root() == spec ? "bin/engine bench peers " : "bin/engine bench ")
        + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    PeersReport result = new PeersReport(command, started, cores, loads, Runtime.version().toString(),
        Version.LATEST.toString(), prepared.facesPath(), work.faces().size(), work.dimension(), queries, warmUp, K,
        hnswM, beam, "half real and half synthetic gallery faces (seed " + seed + "), each moved to distance "
            + probeDistance + " in a random direction and re-normalised", work.filesNote(), check.versions(),
        new LinkedHashMap<>(check.missing()), systems, PeersReport.TARGET_RECALL, at, lastLine);
    result.printTables(out);
    Path json = run.resolve("peers.json");
    result.write(json);
    Path copy = report != null ? config.home().resolve(report).toAbsolutePath().normalize() : null;
    if (copy != null) {
      result.write(copy);
    }
    Path png = run.resolve("recall-qps.png");
    RecallChart.write(systems, K, PeersReport.TARGET_RECALL, String.format(Locale.ROOT,
        "%d vectors, %d probes, M %d, beam %d: q/s against recall@%d", work.faces().size(), queries, hnswM, beam, K), png);
    out.printf(Locale.ROOT, "report: %s%s; plot: %s%n", json, copy != null ? " and " + copy : "", png);
    out.println(lastLine);
    return 0;
  }

  private void validate() {
    if (queries < 1 || warmUp < 0 || (size != null && size < K)) {
      throw new IllegalArgumentException("--queries must be positive, --warmup not negative and --size at least " + K);
    }
    if (breadths.isEmpty() || nprobes.isEmpty() || Stream.concat(breadths.stream(), nprobes.stream()).anyMatch(b -> b < 1)
        || breadths.stream().anyMatch(b -> LuceneInProcess.oversample(b, K) > 100)) {
      throw new IllegalArgumentException("--breadth and --nprobe take positive numbers, breadths at most " + 100 * K
          + " (the engine's oversample is at most 100), got " + breadths + " and " + nprobes);
    }
    breadths = breadths.stream().sorted().distinct().toList();
    nprobes = nprobes.stream().sorted().distinct().toList();
  }

  /** The gallery's faces (sorted by face id), the dataset they are read from, and the service's generation. */
  private record Prepared(List<FaceDoc> faces, String facesPath, BenchIndex service) {}

  /**
   * With Spark, before anything is timed: the faces (the --size subset written as a faces dataset
   * of its own, so that the index build reads exactly them) and the one-shard generation the
   * service serves (built by the index build job, or reused from an earlier run in this directory).
   */
  private Prepared prepare(EngineConfig config, IndexConfig oneShard, Path run) throws IOException {
    ModelManifest models = ModelManifest.load(config.models().manifest());
    try (SparkSession spark = job.session("face-engine bench peers")) {
      FacesDataset dataset = FacesDataset.open(spark, gallery, FaceRows.COLUMNS);
      long total = dataset.faces().count();
      if (size != null && size > total) {
        throw new IllegalArgumentException("--size " + size + " is larger than the gallery's " + total + " faces");
      }
      if (size != null && size < total) {
        Path subset = run.resolve("faces");
        if (!Files.isDirectory(subset)) {
          ParquetEncryption.write(dataset.faces().orderBy(col(FacesSchema.FACE_ID)).limit(size)).partitionBy(FacesSchema.RUN_ID)
              .parquet(subset.toString());
        }
        dataset = FacesDataset.open(spark, subset.toString(), FaceRows.COLUMNS);
      }
      List<FaceDoc> faces = new ArrayList<>();
      Iterator<Row> rows = dataset.faces().select(FaceRows.columns()).orderBy(col(FacesSchema.FACE_ID))
          .toLocalIterator();
      while (rows.hasNext()) {
        faces.add(FaceRows.toFaceDoc(rows.next()));
      }
      if (size != null && faces.size() != size) {
        throw new IllegalStateException(run.resolve("faces") + " holds " + faces.size() + " faces, not " + size
            + ": delete it (a run of another --size left it)");
      }
      BenchIndex service = BenchIndex.ensure(spark, dataset.path(), faces.size(),
          run.resolve("service-index").toString(), oneShard, models, out);
      return new Prepared(faces, dataset.path(), service);
    }
  }
}
