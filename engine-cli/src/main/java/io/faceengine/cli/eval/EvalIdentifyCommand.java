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
import io.faceengine.core.person.PersonDistance;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * LFW (the Spark job; what is already ingested is skipped), enrols up to {@code --enrol} images (one
 * by default) of every person with at least two (the index build, in shards, with person templates
 * under {@code --templates}), starts the query service and sends it every other image of those
 * persons (mated probes) and every image of the persons with one image (non-mated probes, who should
 * come back unknown), then reports rank-1 and FNIR at FPIR = 0.01, and draws the CMC and DET curves
 * ({@code cmc.png}, {@code det.png}) beside {@code report.json}, which holds their points too. With
 * templates, the report also gives the figures of every person rule, each ranking the same answers.
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

  @Option(names = "--distractors", paramLabel = "DIR",
      description = "A bench gallery output: its synthetic faces of the model join the gallery as people no probe is,"
          + " to measure how the calibrated threshold holds as the gallery grows (default: none).")
  Path distractorsDir;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "reports/identify",
      description = "Where the gallery, its index, report.json, cmc.png and det.png go (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--shards", paramLabel = "N", defaultValue = "4", description = "Gallery shards (default: 4).")
  int shards;

  @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "Candidates per probe (default: 10).")
  int k;

  @Option(names = "--enrol", paramLabel = "N", defaultValue = "1",
      description = "Images enrolled per person (default: 1); a person's further images are mated probes, so one with"
          + " N images or fewer gives none. People with one image stay non-mated probes.")
  int enrol;

  @Option(names = "--templates", description = "Build the gallery with a person template per label; the service then"
      + " answers persons (engine.index.person-distance ranks them).")
  boolean templates;

  /** How probes reach the service. */
  enum Probes { images, embeddings }

  @Option(names = "--probes", paramLabel = "HOW", defaultValue = "images",
      description = "images (default): each probe image is sent to the service, which detects, embeds and gates it;"
          + " embeddings: the subject face the ingest stored for it is sent as an embedding, gated by its stored quality"
          + " flags or measurements (the same pipeline, without analysing every probe image again).")
  Probes probes;

  @Option(names = "--quality", paramLabel = "gate|ignore", defaultValue = "gate",
      description = "gate: enrol only faces that pass engine.quality, and count probes answered low_quality as misses"
          + " (mated) or rejections (non-mated), reported apart; ignore: enrol every face and decide every probe on"
          + " its candidates (default: ${DEFAULT-VALUE}).")
  String quality;

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
    OpenSetSplit split = OpenSetSplit.lfw(data, enrol);
    System.out.println(split.summary());

    System.out.println("\n[1/4] ingest LFW into " + faces);
    int ingest = LfwIngest.run(job, data, faces, modelId);
    if (ingest != 0) {
      return ingest;
    }
    String gallery = work.resolve("gallery").toString();
    String index = work.resolve("index").toString();
    IndexConfig defaults = config.index();
    IndexConfig indexConfig = defaults.with(defaults.format(), defaults.m(), defaults.beamWidth(), shards)
        .withTemplates(templates);
    GenerationManifest built;
    Map<String, StoredProbes.StoredProbe> stored = null;
    long galleryLowQuality;
    EnrolmentGallery.Written written;
    try (SparkSession spark = job.session("face-engine eval identify")) {
      System.out.println("\n[2/4] enrol: the subject's face of " + split.enrolled().size() + " images");
      written = EnrolmentGallery.write(spark, faces.toString(), modelId, split, gallery,
          distractorsDir == null ? null : config.home().resolve(distractorsDir).normalize().toString());
      long enrolled = written.enrolled() + written.distractors();
      System.out.println("enrolled " + written.enrolled() + " faces of " + split.enrolledPeople() + " persons"
          + (distractorsDir == null ? "" : ", and " + written.distractors() + " synthetic distractor faces"));
      System.out.println("\n[3/4] index the gallery in " + shards + " shards"
          + (templates ? ", with a person template per label" : ""));
      built = new IndexBuildJob(spark, new IndexBuildPlan(gallery, index, indexConfig, models, Deletions.NONE, true,
          gate ? config.quality().limits() : null), System.out).run();
      galleryLowQuality = enrolled - built.totalDocs();
      if (probes == Probes.embeddings) {
        Set<String> images = new HashSet<>();
        split.mated().forEach(image -> images.add(image.image()));
        split.nonMated().forEach(image -> images.add(image.image()));
        stored = StoredProbes.read(spark, faces.toString(), modelId, gate ? config.quality().limits() : null, images);
        System.out.println("probe embeddings: the ingest found a subject face in " + stored.size() + " of "
            + images.size() + " probe images");
      }
    }

    System.out.println("\n[4/4] query the service" + (probes == Probes.embeddings ? " with the probes' embeddings" : ""));
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
    Map<String, IdentificationReport> byRule = new LinkedHashMap<>();
    if (templates) {
      for (PersonDistance rule : PersonDistance.values()) {
        List<ProbeResult> ranked = results.stream().map(r -> r.rankedBy(rule)).toList();
        IdentificationReport ruled = IdentificationMetrics.evaluate(ranked, IdentificationMetrics.DEFAULT_FPIR,
            decisionThreshold);
        byRule.put(rule.configName(), ruled);
        System.out.println("person distance " + rule.configName() + ": " + ruled.line());
      }
    }
    QualityGateReport gateReport = gate ? QualityGateReport.of(results, report, galleryLowQuality) : null;
    writeReport(work.resolve("report.json"), split, written.distractors(), report, curves, results, byRule,
        templates ? config.index().personDistance().configName() : null, gateReport);
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

  /** @param stored the probe images' stored subject faces by path ({@code --probes embeddings}); null sends the images */
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


  private void writeReport(Path file, OpenSetSplit split, long distractors, IdentificationReport report,
      IdentificationCurves curves, List<ProbeResult> results, Map<String, IdentificationReport> byRule, String rule,
      QualityGateReport gateReport) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("people", split.people());
    json.put("enrol", split.enrol());
    json.put("enrolled_people", split.enrolledPeople());
    json.put("templates", rule != null);
    json.put("probes", probes.name());
    json.put("enrolled", split.enrolled().size());
    json.put("distractors", distractors);
    json.put("mated_probes", split.mated().size());
    json.put("non_mated_probes", split.nonMated().size());
    json.put("probes_without_face", results.stream().filter(r -> r.candidates().isEmpty()).count());
    json.put("quality", quality);
    json.put("metrics", report);
    if (rule != null) {
      json.put("person_distance", rule);
      json.put("by_person_distance", byRule);
    }
    if (gateReport != null) {
      json.put("quality_gate", gateReport);
    }
    json.put("cmc", curves.cmc());
    json.put("det", curves.det());
    Files.createDirectories(file.getParent());
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), json);
  }
}
