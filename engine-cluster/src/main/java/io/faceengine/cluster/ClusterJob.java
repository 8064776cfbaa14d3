package io.faceengine.cluster;

import static org.apache.spark.sql.functions.col;

import io.faceengine.cluster.store.ClusterNames;
import io.faceengine.cluster.store.ClusterNames.Name;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.index.IndexBuildJob;
import io.faceengine.index.IndexBuildPlan;
import io.faceengine.index.batch.BatchLookup;
import io.faceengine.index.batch.LookupProgress;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The clustering job: faces in, clusters out. Steps: read and check the faces; search each face's
 * k nearest faces in the sharded index (a temporary generation built from the faces when none is
 * given), keeping the links within the threshold ({@link KnnGraph}); cut that graph into clusters
 * with the plan's algorithm ({@link GraphClustering}); number the clusters ({@link ClusterIds});
 * summarise them ({@link ClusterSummaries}); write everything into a staging directory that
 * replaces the output at the end ({@link ClusterOutput}). Every step is a Spark operation over the
 * executors' data: the driver holds counts, never the graph.
 */
public final class ClusterJob {
  private final SparkSession spark;
  private final ClusterPlan plan;
  private final PrintStream console;

  public ClusterJob(SparkSession spark, ClusterPlan plan, PrintStream console) {
    this.spark = spark;
    this.plan = plan;
    this.console = console;
  }

  public ClusterResult run() throws IOException {
    long started = System.nanoTime();
    ClusterFaces input = ClusterFaces.open(spark, plan.faces(), plan.subjectsOnly());
    ModelSpec model = plan.models().model(input.modelId());
    ClusterThreshold threshold = ClusterThreshold.of(model, plan.threshold());
    console.println("cluster plan:");
    console.println("+ faces: " + input.path() + ", " + input.count() + " faces" + (plan.subjectsOnly()
        ? " (subjects only)" : "") + " of " + model.id());
    console.println("+ kNN graph: top " + plan.k() + " per face through "
        + plan.index().map(r -> "the index " + r)
            .orElse("a temporary index generation of " + temporaryIndexSettings().shards() + " shards")
        + ", linked when "
        + threshold.describe());
    console.println("+ algorithm: " + plan.algorithm().configName() + ", at most " + plan.maxIterations() + " rounds");
    console.println("+ output: " + plan.output());

    ClusterOutput output = new ClusterOutput(spark.sparkContext().hadoopConfiguration(), plan.output());
    output.begin();
    Path work = output.beside("work");
    Dataset<Row> faces = input.faces().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      String root = plan.index().isPresent() ? plan.index().get() : temporaryIndex(input, faces, work);
      Graph graph = graph(faces, input.count(), root, input.modelId(), threshold);
      Dataset<Row> clusters = ClusterIds.number(graph.labels(), 0)
          .join(faces.select("face_id", "model_id", FacesSchema.RUN_ID), "face_id")
          .select("face_id", "cluster_id", "model_id", FacesSchema.RUN_ID)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Counts counts = write(output, clusters, faces);
      LookupStep.write(spark, output, faces, model.id());
      output.writeManifest(new ClusteringManifest(ClusteringManifest.FORMAT_VERSION, plan.algorithm().configName(),
          plan.k(), model.metric().name(), threshold.distance(), threshold.similarity(), model.id(), input.path(),
          plan.index().orElse(null), plan.subjectsOnly(), input.count(), graph.edges(), counts.clusters(),
          runs(faces), Instant.now().toString(), (System.nanoTime() - started) / 1e9, List.of()));
      carryNames(output, clusters);
      output.commit();
      clusters.unpersist();
      ClusterResult result = new ClusterResult(input.count(), graph.edges(), counts.clusters(), counts.singletons(),
          counts.largest(), (System.nanoTime() - started) / 1e9, output.output());
      console.println(result.line());
      return result;
    } catch (Exception e) { // includes SparkException, which Scala throws undeclared
      throw output.failure("cluster", e);
    } finally {
      faces.unpersist();
      output.delete(work);
    }
  }

  /** The kNN graph's edge count, the probe x shard searches it took, and the algorithm's labels. */
  record Graph(long edges, long lookups, Dataset<Row> labels) {}

  /** The graph of {@code faces} through the index under {@code root}, cut by the plan's algorithm. */
  Graph graph(Dataset<Row> faces, long count, String root, String modelId, ClusterThreshold threshold)
      throws IOException {
    BatchLookup lookup = BatchLookup.open(spark, root, OptionalLong.empty(), plan.k(), plan.oversample(),
        plan.probesPerTask());
    if (!lookup.manifest().modelId().equals(modelId)) {
      throw new IllegalArgumentException("the index " + root + " holds embeddings of the model "
          + lookup.manifest().modelId() + ", the faces are of " + modelId + ": they cannot be compared");
    }
    LongAccumulator lookups = spark.sparkContext().longAccumulator("kNN graph: lookups");
    Dataset<Row> edges = KnnGraph.edges(lookup, faces, count, threshold, lookups);
    long edgeCount;
    long searchStarted = System.nanoTime();
    try (LookupProgress progress = new LookupProgress("kNN graph", count * lookup.manifest().shardCount(),
        lookups::value, console)) {
      edgeCount = edges.count() / 2;
    }
    long searched = lookups.value();
    console.println("kNN graph: " + count + " faces, " + searched + " probe x shard lookups, " + edgeCount
        + " edges within the threshold, " + Math.round((System.nanoTime() - searchStarted) / 1e9) + " s");
    Dataset<Row> labels = plan.algorithm().clustering(plan.maxIterations())
        .labels(faces.select("face_id"), edges.select("src", "dst", "weight"), console);
    edges.unpersist();
    return new Graph(edgeCount, searched, labels);
  }

  /** Builds a generation of the faces under {@code work}; returns its root. */
  private String temporaryIndex(ClusterFaces input, Dataset<Row> faces, Path work) throws IOException {
    String source = input.path();
    if (plan.subjectsOnly()) { // the index holds exactly the faces clustered
      source = new Path(work, "faces").toString();
      ParquetEncryption.write(faces).parquet(source);
    }
    String root = new Path(work, "index").toString();
    new IndexBuildJob(spark, new IndexBuildPlan(source, root, temporaryIndexSettings(), plan.models()), console).run();
    return root;
  }

  private IndexConfig temporaryIndexSettings() {
    return plan.temporaryIndexSettings(spark.sparkContext().defaultParallelism());
  }

  /** Names given in the output being replaced follow their representative face to its new cluster. */
  private void carryNames(ClusterOutput output, Dataset<Row> clusters) throws IOException {
    var conf = spark.sparkContext().hadoopConfiguration();
    List<Name> names = output.exists() ? ClusterNames.read(conf, output.output()) : List.of();
    if (names.isEmpty()) {
      return;
    }
    java.util.Map<String, Long> clusterOf = new java.util.HashMap<>();
    clusters.filter(col("face_id").isin(names.stream().map(Name::representativeFaceId).distinct()
        .toArray())).select("face_id", "cluster_id").collectAsList()
        .forEach(r -> clusterOf.put(r.getString(0), r.getLong(1)));
    List<Name> carried = new ArrayList<>();
    for (Name name : names) {
      Long cluster = clusterOf.get(name.representativeFaceId());
      if (cluster != null) {
        carried.add(new Name(cluster, name.label(), name.representativeFaceId(), name.size(),
            name.namedBy(), name.namedAt()));
      } else {
        console.println("cluster name '" + name.label() + "' dropped: its face " + name.representativeFaceId()
            + " is no longer clustered");
      }
    }
    ClusterNames.write(conf, output.staging(), carried);
  }

  /** Clusters, how many hold one face, and the largest size, counted from a written summary. */
  record Counts(long clusters, long singletons, long largest) {
    static Counts of(Dataset<Row> summary) {
      Row counts = summary.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
          org.apache.spark.sql.functions.sum(col("size").equalTo(1).cast("long")),
          org.apache.spark.sql.functions.max("size")).first();
      return new Counts(counts.getLong(0), counts.isNullAt(1) ? 0 : counts.getLong(1), counts.getLong(2));
    }
  }

  private Counts write(ClusterOutput output, Dataset<Row> clusters, Dataset<Row> faces) {
    clusters.orderBy("cluster_id", "face_id").write().parquet(output.staged(ClusterOutput.CLUSTERS));
    Dataset<Row> summary = ClusterSummaries.of(clusters.select("face_id", "cluster_id"), faces);
    ParquetEncryption.write(summary.orderBy("cluster_id")).parquet(output.staged(ClusterOutput.SUMMARY));
    return Counts.of(spark.read().parquet(output.staged(ClusterOutput.SUMMARY)));
  }

  private static List<String> runs(Dataset<Row> faces) {
    List<String> runs = new ArrayList<>();
    faces.select(FacesSchema.RUN_ID).distinct().orderBy(FacesSchema.RUN_ID).collectAsList()
        .forEach(r -> runs.add(r.getString(0)));
    return runs;
  }
}
