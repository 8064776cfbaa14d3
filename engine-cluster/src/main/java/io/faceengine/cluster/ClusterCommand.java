package io.faceengine.cluster;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.spark.ShippedFiles;
import io.faceengine.spark.SparkJobOptions;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine cluster}: options in, one {@link ClusterJob} (or {@link AssignNewJob}) run.
 * Spark runs embedded in local mode unless a master is given, by {@code --master} or by spark-submit.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Cluster faces into people with Spark: each face's k nearest faces through the sharded HNSW index,"
        + " linked within a threshold, the graph cut by Chinese whispers; writes clusters/ and cluster_summary/"
        + " (Parquet) to OUTPUT, replacing it. With --assign-new, adds the faces not yet clustered to the nearest"
        + " cluster instead.",
    subcommands = {ClusterNameCommand.class})
public final class ClusterCommand implements Callable<Integer> {
  // Not required by picocli, so that `cluster name` needs neither; ClusterPlan refuses a run without them.
  @Option(names = "--faces", paramLabel = "DIR",
      description = "The faces dataset, or an ingest output (its faces/ is read); any Hadoop URI.")
  String faces;

  @Option(names = "--index", paramLabel = "ROOT",
      description = "An index root whose CURRENT generation holds the faces (default: a temporary one is built).")
  String index;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Where clusters/, cluster_summary/ and clustering.json go; an existing clustering is replaced.")
  String output;

  @Option(names = "--k", paramLabel = "K", defaultValue = "" + ClusterPlan.DEFAULT_K,
      description = "Neighbours per face in the kNN graph (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Link two faces when their distance (the model's metric) is at most T, in (0, 2] (default: the"
          + " model manifest's identificationThreshold).")
  Float threshold;

  @Option(names = "--algorithm", paramLabel = "A", defaultValue = "chinese-whispers",
      description = "chinese-whispers or connected-components (default: ${DEFAULT-VALUE}).")
  String algorithm;

  @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "100",
      description = "Rounds of the graph algorithm at most (default: ${DEFAULT-VALUE}).")
  int maxIterations;

  @Option(names = "--subjects-only", description = "Cluster only each image's subject face (the faces' subject column).")
  boolean subjectsOnly;

  @Option(names = "--assign-new",
      description = "Add the faces of OUTPUT's input not yet clustered to the nearest cluster centroid within the"
          + " threshold, the rest into new clusters, without re-clustering.")
  boolean assignNew;

  @Option(names = "--oversample", paramLabel = "X", defaultValue = "" + ClusterPlan.DEFAULT_OVERSAMPLE,
      description = "Candidates fetched per wanted neighbour in each shard before exact re-ranking (default:"
          + " ${DEFAULT-VALUE}).")
  int oversample;

  @Option(names = "--probes-per-task", paramLabel = "N", defaultValue = "5000",
      description = "About how many faces one task searches one shard for (default: ${DEFAULT-VALUE}).")
  int probesPerTask;

  @Mixin SparkJobOptions job;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    ModelManifest models = ModelManifest.load(ShippedFiles.preferShipped(config.models().manifest()));
    ClusterPlan plan = new ClusterPlan(faces, Optional.ofNullable(index), output, k, threshold,
        ClusterAlgorithm.parse(algorithm), maxIterations, subjectsOnly, oversample, probesPerTask, models,
        config.index());
    try (SparkSession spark = job.session("face-engine cluster")) {
      if (assignNew) {
        new AssignNewJob(spark, plan, System.out).run();
      } else {
        new ClusterJob(spark, plan, System.out).run();
      }
      return 0;
    }
  }
}
