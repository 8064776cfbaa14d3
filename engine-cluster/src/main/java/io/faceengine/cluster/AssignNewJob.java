package io.faceengine.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.faceengine.cluster.ClusteringManifest.Assignment;
import io.faceengine.cluster.store.ClusterNames;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.index.IndexBuildJob;
import io.faceengine.index.IndexBuildPlan;
import io.faceengine.index.batch.BatchLookup;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code cluster --assign-new}: the faces of the input that the clustering output does not hold yet
 * (new ingest runs) join the cluster whose centroid is nearest, when it lies within the clustering's
 * threshold; the others are clustered among themselves, with the clustering's algorithm, into new
 * clusters numbered after the existing ones. Nothing already clustered moves. Centroids are found
 * through an index of the centroids (a temporary generation), so the lookup scales like the kNN
 * graph. The summary is then recomputed and the output replaced, as a full run does; the settings
 * (threshold, k, algorithm, subjects only) are the output's, from its {@code clustering.json}.
 */
final class AssignNewJob {
  private final SparkSession spark;
  private final ClusterPlan plan;
  private final PrintStream console;

  AssignNewJob(SparkSession spark, ClusterPlan plan, PrintStream console) {
    this.spark = spark;
    this.plan = plan;
    this.console = console;
  }

  ClusterResult run() throws IOException {
    long started = System.nanoTime();
    ClusterOutput output = new ClusterOutput(spark.sparkContext().hadoopConfiguration(), plan.output());
    output.begin();
    ClusteringManifest previous = output.manifest();
    ClusterFaces input = ClusterFaces.open(spark, plan.faces(), previous.subjectsOnly());
    if (!input.modelId().equals(previous.modelId())) {
      throw new IllegalArgumentException("the faces " + input.path() + " are of the model " + input.modelId()
          + ", the clustering " + output.output() + " of " + previous.modelId());
    }
    ClusterThreshold threshold = new ClusterThreshold(
        io.faceengine.core.compare.DistanceMetric.valueOf(previous.metric()), previous.threshold(),
        previous.similarity());
    ClusterPlan same = new ClusterPlan(plan.faces(), Optional.empty(), plan.output(), previous.k(), previous.threshold(),
        ClusterAlgorithm.parse(previous.algorithm()), plan.maxIterations(), previous.subjectsOnly(), plan.oversample(),
        plan.probesPerTask(), plan.models(), plan.indexSettings());

    Dataset<Row> existing = spark.read().parquet(output.part(ClusterOutput.CLUSTERS)).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> faces = input.faces().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> fresh = faces.join(existing.select("face_id"), "face_id", "left_anti")
        .persist(StorageLevel.MEMORY_AND_DISK());
    Path work = output.beside("work");
    try {
      long freshCount = fresh.count();
      if (freshCount == 0) {
        console.println("assign-new: every face of " + input.path() + " is already clustered; nothing to do");
        return null;
      }
      long nextId = existing.agg(org.apache.spark.sql.functions.max("cluster_id")).first().getLong(0) + 1;
      Dataset<Row> joined = nearestCentroids(fresh, freshCount, output, threshold, work).persist(
          StorageLevel.MEMORY_AND_DISK());
      long joinedCount = joined.count();
      Dataset<Row> rest = fresh.join(joined.select("face_id"), "face_id", "left_anti");
      long restCount = freshCount - joinedCount;
      Dataset<Row> added = joined;
      if (restCount > 0) {
        added = added.union(newClusters(same, rest, restCount, nextId, threshold, work));
      }
      Dataset<Row> assigned = added.join(faces.select("face_id", "model_id", FacesSchema.RUN_ID), "face_id")
          .select("face_id", "cluster_id", "model_id", FacesSchema.RUN_ID);
      Dataset<Row> all = existing.select("face_id", "cluster_id", "model_id", FacesSchema.RUN_ID).union(assigned)
          .persist(StorageLevel.MEMORY_AND_DISK());
      all.orderBy("cluster_id", "face_id").write().parquet(output.staged(ClusterOutput.CLUSTERS));
      ParquetEncryption.write(ClusterSummaries.of(all.select("face_id", "cluster_id"), faces).orderBy("cluster_id"))
          .parquet(output.staged(ClusterOutput.SUMMARY));
      ClusterJob.Counts counts = ClusterJob.Counts.of(spark.read().parquet(output.staged(ClusterOutput.SUMMARY)));
      LookupStep.write(spark, output, faces, previous.modelId());
      long clusters = counts.clusters();
      long newClusters = clusters - previous.clusters();
      List<String> freshRuns = new ArrayList<>();
      fresh.select(FacesSchema.RUN_ID).distinct().orderBy(FacesSchema.RUN_ID).collectAsList()
          .forEach(r -> freshRuns.add(r.getString(0)));
      TreeSet<String> runs = new TreeSet<>(previous.runs());
      runs.addAll(freshRuns);
      List<Assignment> assignments = new ArrayList<>(previous.assigned());
      assignments.add(new Assignment(Instant.now().toString(), freshRuns, freshCount, joinedCount, newClusters));
      output.writeManifest(new ClusteringManifest(ClusteringManifest.FORMAT_VERSION, previous.algorithm(),
          previous.k(), previous.metric(), previous.threshold(), previous.similarity(), previous.modelId(),
          previous.faces(), previous.index(), previous.subjectsOnly(), previous.faceCount() + freshCount,
          previous.edges(), clusters, List.copyOf(runs), previous.created(), previous.seconds(), assignments));
      // Existing clusters keep their ids: their names stay as they are.
      var names = ClusterNames.read(spark.sparkContext().hadoopConfiguration(), output.output());
      if (!names.isEmpty()) {
        ClusterNames.write(spark.sparkContext().hadoopConfiguration(), output.staging(), names);
      }
      output.commit();
      all.unpersist();
      joined.unpersist();
      console.printf("assign-new: %d new faces: %d joined existing clusters, %d formed %d new clusters%n", freshCount,
          joinedCount, restCount, newClusters);
      ClusterResult result = new ClusterResult(previous.faceCount() + freshCount, previous.edges(), clusters,
          counts.singletons(), counts.largest(), (System.nanoTime() - started) / 1e9,
          output.output());
      console.println(result.line());
      return result;
    } catch (Exception e) { // includes SparkException, which Scala throws undeclared
      throw output.failure("cluster --assign-new", e);
    } finally {
      fresh.unpersist();
      faces.unpersist();
      existing.unpersist();
      output.delete(work);
    }
  }

  /** {@code face_id}, {@code cluster_id} of the fresh faces whose nearest centroid is within the threshold. */
  private Dataset<Row> nearestCentroids(Dataset<Row> fresh, long count, ClusterOutput output,
      ClusterThreshold threshold, Path work) throws IOException {
    String centroids = new Path(work, "centroids").toString();
    ParquetEncryption.write(spark.read().parquet(output.part(ClusterOutput.SUMMARY)).select(
        col("cluster_id").cast("string").as("face_id"), lit(null).cast("string").as("image_id"),
        concat(lit("cluster:"), col("cluster_id").cast("string")).as("image_uri"),
        lit(null).cast("string").as("label"), lit("centroids").as(FacesSchema.RUN_ID),
        struct(lit(0f).as("x"), lit(0f).as("y"), lit(0f).as("width"), lit(0f).as("height")).as("box"),
        col("centroid").as("embedding"), lit(fresh.first().getAs("model_id").toString()).as("model_id")))
        .parquet(centroids);
    String root = new Path(work, "centroid-index").toString();
    new IndexBuildJob(spark, new IndexBuildPlan(centroids, root, temporaryIndexSettings(), plan.models()), console).run();
    BatchLookup lookup = BatchLookup.open(spark, root, OptionalLong.empty(), 1, plan.oversample(), plan.probesPerTask());
    return lookup.neighbours(fresh, count, threshold.similarity(),
            spark.sparkContext().longAccumulator("nearest centroid: lookups"))
        .select(col("face_id"), col("neighbour_id").cast("long").as("cluster_id"));
  }

  /** The other fresh faces clustered among themselves: {@code face_id}, {@code cluster_id} from {@code firstId}. */
  private Dataset<Row> newClusters(ClusterPlan same, Dataset<Row> rest, long count, long firstId,
      ClusterThreshold threshold, Path work) throws IOException {
    if (count == 1) {
      return rest.select(col("face_id"), lit(firstId).as("cluster_id"));
    }
    String faces = new Path(work, "rest").toString();
    ParquetEncryption.write(rest).parquet(faces);
    String root = new Path(work, "rest-index").toString();
    new IndexBuildJob(spark, new IndexBuildPlan(faces, root, temporaryIndexSettings(), plan.models()), console).run();
    Dataset<Row> restFaces = spark.read().parquet(faces);
    ClusterJob.Graph graph = new ClusterJob(spark, same, console).graph(restFaces, count, root,
        restFaces.first().getAs("model_id").toString(), threshold);
    return ClusterIds.number(graph.labels(), firstId);
  }

  private IndexConfig temporaryIndexSettings() {
    return plan.temporaryIndexSettings(spark.sparkContext().defaultParallelism());
  }
}
