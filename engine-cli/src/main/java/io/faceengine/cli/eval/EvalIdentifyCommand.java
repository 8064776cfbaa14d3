package io.faceengine.cli.eval;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.cli.ProgressMeter;
import io.faceengine.core.cli.EmbedderOption;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.eval.IdentificationCurves;
import io.faceengine.core.eval.IdentificationMetrics;
import io.faceengine.core.eval.IdentificationPlots;
import io.faceengine.core.eval.IdentificationReport;
import io.faceengine.core.eval.OpenSetSplit;
import io.faceengine.core.eval.OpenSetSplit.LabelledImage;
import io.faceengine.core.eval.ProbeResult;
import io.faceengine.core.eval.QualityGateReport;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.IndexBuildJob;
import io.faceengine.index.IndexBuildPlan;
import io.faceengine.query.EmbeddedService;
import io.faceengine.query.SearchOptions;
import io.faceengine.spark.SparkJobOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine eval identify}: open-set identification on LFW through the whole engine. Ingests
 * LFW (the Spark job; what is already ingested is skipped), enrols one image of every person with at
 * least two (the index build, in shards), starts the query service and sends it every other image
 * of those persons (mated probes) and every image of the persons with one image (non-mated probes,
 * who should come back unknown), then reports rank-1 and FNIR at FPIR = 0.01, and draws the CMC and DET
 * curves ({@code cmc.png}, {@code det.png}) beside {@code report.json}, which holds their points too.
 */
@Command(name = "identify", mixinStandardHelpOptions = true,
    description = "Open-set identification on LFW through ingest, index and the running query service. The last line"
        + " is 'rank-1: R FNIR@FPIR=0.01: F'.")
public final class EvalIdentifyCommand implements Callable<Integer> {
  @Mixin SparkJobOptions job;
  @Mixin LfwOptions lfw;
  @Mixin EmbedderOption embedder;

  @Option(names = "--faces", paramLabel = "DIR",
      description = "Ingest output holding LFW's faces; LFW is ingested there first, skipping what it already holds"
          + " (default: the demo's, reports/demo/<embedder id> under the engine's home).")
  Path facesDir;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "reports/identify",
      description = "Where the gallery, its index, report.json, cmc.png and det.png go (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--shards", paramLabel = "N", defaultValue = "4", description = "Gallery shards (default: 4).")
  int shards;

  @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "Candidates per probe (default: 10).")
  int k;

  @Option(names = "--quality", paramLabel = "gate|ignore", defaultValue = "gate",
      description = "gate: enrol only faces that pass engine.quality, and count probes answered low_quality as misses"
          + " (mated) or rejections (non-mated), reported apart; ignore: enrol every face and decide every probe on"
          + " its candidates (default: ${DEFAULT-VALUE}).")
  String quality;

  @Option(names = "--probes", paramLabel = "images|faces", defaultValue = "images",
      description = "images: send every probe image to the service, which detects, embeds and gates it; faces: send"
          + " the subject face each probe image has in the ingest output (the same pipeline's embedding) as an"
          + " embedding probe, gated by its stored quality flags or measurements: the same decisions without analysing"
          + " 11,553 images again (default: ${DEFAULT-VALUE}).")
  String probes;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = embedder.applyTo(job.config());
    Path data = lfw.dataDir(config.home());
    ModelManifest models = ModelManifest.load(config.models().manifest());
    String modelId = models.select(ModelRole.EMBEDDER, config.models().embedder()).id();
    Path faces = facesDir == null ? DemoFaces.of(config, modelId) : config.home().resolve(facesDir).normalize();
    Path work = config.home().resolve(workDir).normalize();
    if (!quality.equals(SearchOptions.GATE) && !quality.equals(SearchOptions.IGNORE)) {
      throw new IllegalArgumentException("--quality must be gate or ignore, got '" + quality + "'");
    }
    boolean gate = quality.equals(SearchOptions.GATE);
    if (!probes.equals("images") && !probes.equals("faces")) {
      throw new IllegalArgumentException("--probes must be images or faces, got '" + probes + "'");
    }
    Map<String, StoredProbes.StoredProbe> stored = null;
    OpenSetSplit split = OpenSetSplit.lfw(data);
    System.out.println(split.summary());

    System.out.println("\n[1/4] ingest LFW into " + faces);
    int ingest = LfwIngest.run(job, data, faces, modelId);
    if (ingest != 0) {
      return ingest;
    }
    String gallery = work.resolve("gallery").toString();
    String index = work.resolve("index").toString();
    IndexConfig defaults = config.index();
    IndexConfig indexConfig = defaults.with(defaults.format(), defaults.m(), defaults.beamWidth(), shards);
    GenerationManifest built;
    long galleryLowQuality;
    try (SparkSession spark = job.session("face-engine eval identify")) {
      System.out.println("\n[2/4] enrol: the subject's face of " + split.enrolled().size() + " images");
      long enrolled = EnrolmentGallery.write(spark, faces.toString(), modelId, split, gallery);
      System.out.println("enrolled " + enrolled + " faces of " + split.enrolled().size() + " persons");
      System.out.println("\n[3/4] index the gallery in " + shards + " shards");
      built = new IndexBuildJob(spark, new IndexBuildPlan(gallery, index, indexConfig, models, Deletions.NONE, true,
          gate ? config.quality().limits() : null), System.out).run();
      galleryLowQuality = enrolled - built.totalDocs();
      if (probes.equals("faces")) {
        stored = StoredProbes.read(spark, faces.toString(), modelId, gate ? config.quality().limits() : null);
        System.out.println("probes: the stored subject faces of " + stored.size() + " images");
      }
    }

    System.out.println("\n[4/4] query the service");
    List<ProbeResult> results;
    try (EmbeddedService service = EmbeddedService.start(config, index, "127.0.0.1", 0)) {
      System.out.println("service on 127.0.0.1:" + service.port());
      results = probe(new ServiceProber(URI.create("http://127.0.0.1:" + service.port()), k, quality), split, stored);
    }
    // The service's own decision threshold: the gallery's calibrated one, else the model's.
    double decisionThreshold = built.calibration() != null
        ? built.calibration().threshold(config.index().targetFpir())
        : models.select(ModelRole.EMBEDDER, config.models().embedder()).searchThreshold();
    IdentificationReport report = IdentificationMetrics.evaluate(results, IdentificationMetrics.DEFAULT_FPIR,
        decisionThreshold);
    IdentificationCurves curves = IdentificationCurves.of(results, k);
    QualityGateReport gateReport = gate ? QualityGateReport.of(results, report, galleryLowQuality) : null;
    writeReport(work.resolve("report.json"), split, report, curves, results, new RunSettings(quality, probes), gateReport);
    IdentificationPlots plots = new IdentificationPlots();
    plots.writeCmc(curves, work.resolve("cmc.png"));
    plots.writeDet(curves, report, work.resolve("det.png"));
    System.out.println("report: " + work.resolve("report.json") + ", CMC: " + work.resolve("cmc.png") + ", DET: "
        + work.resolve("det.png"));
    if (gateReport != null) {
      System.out.print(gateReport.summary());
    }
    System.out.println(report.summary());
    return 0;
  }

  /** @param stored the probes' stored faces by image path ({@code --probes faces}); null sends the images */
  private List<ProbeResult> probe(ServiceProber prober, OpenSetSplit split, Map<String, StoredProbes.StoredProbe> stored)
      throws InterruptedException {
    List<ProbeTask> tasks = new ArrayList<>();
    split.mated().forEach(image -> tasks.add(new ProbeTask(image, true)));
    split.nonMated().forEach(image -> tasks.add(new ProbeTask(image, false)));
    ProgressMeter progress = new ProgressMeter("probes", tasks.size(), System.out);
    List<ProbeResult> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(lfw.threads())) {
      List<Future<ProbeResult>> answers = tasks.stream().map(task -> pool.submit(() -> {
        ProbeResult result = stored == null ? prober.probe(task.image(), task.mated())
            : prober.probe(task.image(), task.mated(), stored.get(task.image().image()));
        progress.step();
        return result;
      })).toList();
      for (Future<ProbeResult> answer : answers) {
        results.add(answer.get());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a probe failed: " + e.getCause().getMessage(), e.getCause());
    }
    System.out.println(progress.finish());
    return results;
  }

  private record ProbeTask(LabelledImage image, boolean mated) {}

  /** The run's --quality and --probes, recorded in the report. */
  private record RunSettings(String quality, String probes) {}


  private static void writeReport(Path file, OpenSetSplit split, IdentificationReport report, IdentificationCurves curves,
      List<ProbeResult> results, RunSettings settings, QualityGateReport gateReport) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("people", split.people());
    json.put("enrolled", split.enrolled().size());
    json.put("mated_probes", split.mated().size());
    json.put("non_mated_probes", split.nonMated().size());
    json.put("probes_without_face", results.stream().filter(r -> r.candidates().isEmpty()).count());
    json.put("quality", settings.quality());
    json.put("probes", settings.probes());
    json.put("metrics", report);
    if (gateReport != null) {
      json.put("quality_gate", gateReport);
    }
    json.put("cmc", curves.cmc());
    json.put("det", curves.det());
    Files.createDirectories(file.getParent());
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), json);
  }
}
