package io.faceengine.cli.eval;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.cluster.ClusterAlgorithm;
import io.faceengine.cluster.ClusterJob;
import io.faceengine.cluster.ClusterPlan;
import io.faceengine.cluster.ClusterResult;
import io.faceengine.cluster.ClusterThreshold;
import io.faceengine.cluster.eval.ClusterEvaluation;
import io.faceengine.cluster.eval.ClusterSizePlot;
import io.faceengine.core.cli.EmbedderOption;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.SparkJobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine eval cluster}: clusters LFW's subject faces (the face each image is of, labelled
 * by its folder), or those of any labelled faces dataset such as a {@code bench gallery}, with the
 * cluster job and scores the clusters against the people: pairwise and
 * BCubed precision, recall and F, NMI, clusters found against people, and a PNG of the cluster sizes.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Cluster LFW's subject faces (or a labelled faces dataset's, e.g. a bench gallery) with the cluster"
        + " job and score the clusters against the people. The"
        + " last line is 'pairwise F: P BCubed F: B clusters: N people: M'.")
public final class EvalClusterCommand implements Callable<Integer> {
  @Mixin SparkJobOptions job;
  @Mixin LfwOptions lfw;
  @Mixin EmbedderOption embedder;

  @Option(names = "--faces", paramLabel = "DIR",
      description = "Ingest output holding LFW's faces, or a labelled faces dataset (e.g. a bench gallery); LFW is"
          + " ingested there first when it holds neither (default: the demo's, reports/demo/<embedder id> under the"
          + " engine's home).")
  Path facesDir;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "reports/cluster",
      description = "Where the clustering, report.json and sizes.png go (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--index", paramLabel = "ROOT",
      description = "An index of LFW's faces to search (default: a temporary one is built from the subject faces).")
  String index;

  @Option(names = "--algorithm", paramLabel = "A", defaultValue = "chinese-whispers",
      description = "chinese-whispers or connected-components (default: ${DEFAULT-VALUE}).")
  String algorithm;

  @Option(names = "--k", paramLabel = "K", defaultValue = "" + ClusterPlan.DEFAULT_K,
      description = "Neighbours per face (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--threshold", paramLabel = "T", description = "Link distance (default: the model's rule).")
  Float threshold;

  @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "100",
      description = "Rounds of the graph algorithm at most (default: ${DEFAULT-VALUE}).")
  int maxIterations;

  @Option(names = "--oversample", paramLabel = "X", defaultValue = "" + ClusterPlan.DEFAULT_OVERSAMPLE,
      description = "Candidates fetched per wanted neighbour in each shard before exact re-ranking (default:"
          + " ${DEFAULT-VALUE}).")
  int oversample;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = embedder.applyTo(job.config());
    String modelId = DemoFaces.embedderId(config);
    Path faces = facesDir == null ? DemoFaces.of(config, modelId) : config.home().resolve(facesDir).normalize();
    Path work = config.home().resolve(workDir).normalize();
    if (!Files.isDirectory(faces.resolve(FacesSchema.FACES)) && !isFacesDataset(faces)) {
      Path data = lfw.dataDir(config.home());
      System.out.println("[0/2] ingest LFW into " + faces);
      int ingest = LfwIngest.run(job, data, faces, modelId);
      if (ingest != 0) {
        return ingest;
      }
    }
    ClusterAlgorithm chosen = ClusterAlgorithm.parse(algorithm);
    String output = work.resolve("clusters-" + chosen.configName()).toString();
    ClusterPlan plan = new ClusterPlan(faces.toString(), Optional.ofNullable(index), output, k, threshold, chosen,
        maxIterations, true, oversample, 5000,
        ModelManifest.load(config.models().manifest()), config.index());
    try (SparkSession spark = job.session("face-engine eval cluster")) {
      System.out.println("[1/2] cluster the subject faces of " + faces);
      ClusterResult result = new ClusterJob(spark, plan, System.out).run();
      System.out.println("[2/2] score the clusters against the faces' labels");
      ClusterEvaluation evaluation = ClusterEvaluation.of(spark, spark.read().parquet(output + "/clusters"),
          FacesDataset.open(spark, faces.toString(), List.of(FacesSchema.FACE_ID, FacesSchema.LABEL)).faces());
      Path png = work.resolve("sizes-" + chosen.configName() + ".png");
      ClusterSizePlot.write(evaluation.foundSizes(), evaluation.trueSizes(), faces.getFileName() + ", "
          + chosen.configName() + ": "
          + evaluation.scores().line(), png);
      ClusterThreshold link = ClusterThreshold.of(plan.models().select(ModelRole.EMBEDDER, config.models().embedder()),
          threshold);
      writeReport(work.resolve("report-" + chosen.configName() + ".json"), plan, link, result, evaluation);
      System.out.println("sizes: " + png);
      System.out.println(evaluation.scores().summary());
    }
    return 0;
  }

  /** A faces dataset itself rather than an ingest output: Parquet partitioned by run, as ingest and bench gallery write. */
  private static boolean isFacesDataset(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var entries = Files.list(dir)) {
      return entries.anyMatch(e -> e.getFileName().toString().startsWith(FacesSchema.RUN_ID + "="));
    }
  }

  private static void writeReport(Path file, ClusterPlan plan, ClusterThreshold threshold, ClusterResult result,
      ClusterEvaluation evaluation) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", Instant.now().toString());
    json.put("faces", plan.faces());
    json.put("algorithm", plan.algorithm().configName());
    json.put("k", plan.k());
    json.put("threshold", threshold.distance());
    json.put("similarity", threshold.similarity());
    json.put("clustering", result);
    json.put("scores", evaluation.scores());
    json.put("pairwise_f", evaluation.scores().pairwiseF());
    json.put("bcubed_f", evaluation.scores().bcubedF());
    json.put("found_sizes", evaluation.foundSizes());
    json.put("true_sizes", evaluation.trueSizes());
    Files.createDirectories(file.getParent());
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), json);
  }
}
