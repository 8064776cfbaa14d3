package io.faceengine.cluster;

import static org.apache.spark.sql.functions.col;

import io.faceengine.cluster.store.ClusterNames;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Removes faces from a clustering output ({@code bin/engine erase}): their rows leave {@code clusters/};
 * the summary of every cluster is computed again from the members left (centroid, representative,
 * cohesion, labels), a cluster left empty is dropped, the lookup is written again, and a name goes
 * when its cluster is gone, when it follows an erased face, or when it is one of the erased labels.
 * Other clusters keep their ids (and so their names). The output is replaced whole, as a clustering
 * run replaces it ({@link ClusterOutput}).
 */
public final class ClusterErasure {
  /**
   * What was removed.
   *
   * @param faces faces that left the clustering
   * @param clusters clusters left without members, dropped
   * @param names names dropped from {@code names.json}
   */
  public record Result(long faces, long clusters, long names) {}

  private final SparkSession spark;
  private final PrintStream console;

  public ClusterErasure(SparkSession spark, PrintStream console) {
    this.spark = spark;
    this.console = console;
  }

  /**
   * Removes {@code faceIds} from the clustering in {@code output}, whose faces are read from
   * {@code faces} (a faces dataset or ingest output, the erased faces possibly still in it).
   */
  public Result erase(String output, String faces, Set<String> faceIds, Set<String> labels) throws IOException {
    ClusterOutput clustering = new ClusterOutput(spark.sparkContext().hadoopConfiguration(), output);
    clustering.begin();
    ClusteringManifest previous = clustering.manifest();
    Dataset<Row> existing = spark.read().parquet(clustering.part(ClusterOutput.CLUSTERS))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Object[] ids = faceIds.toArray();
      long removed = existing.filter(col("face_id").isin(ids)).count();
      List<ClusterNames.Name> names = ClusterNames.read(spark.sparkContext().hadoopConfiguration(), clustering.output());
      if (removed == 0 && names.stream().noneMatch(n -> erased(n, faceIds, labels))) {
        return new Result(0, 0, 0);
      }
      Dataset<Row> kept = existing.filter(col("face_id").isin(ids).unary_$bang())
          .select("face_id", "cluster_id", "model_id", FacesSchema.RUN_ID);
      Dataset<Row> faceRows = ClusterFaces.open(spark, faces, previous.subjectsOnly()).faces()
          .filter(col("face_id").isin(ids).unary_$bang());
      kept.orderBy("cluster_id", "face_id").write().parquet(clustering.staged(ClusterOutput.CLUSTERS));
      ClusterSummaries.of(spark.read().parquet(clustering.staged(ClusterOutput.CLUSTERS)).select("face_id", "cluster_id"),
          faceRows).orderBy("cluster_id").write().parquet(clustering.staged(ClusterOutput.SUMMARY));
      Dataset<Row> summary = spark.read().parquet(clustering.staged(ClusterOutput.SUMMARY));
      long clusters = summary.count();
      TreeSet<Long> remaining = new TreeSet<>();
      summary.select("cluster_id").collectAsList().forEach(r -> remaining.add(r.getLong(0)));
      LookupStep.write(spark, clustering, faceRows, previous.modelId());
      clustering.writeManifest(new ClusteringManifest(previous.formatVersion(), previous.algorithm(), previous.k(),
          previous.metric(), previous.threshold(), previous.similarity(), previous.modelId(), previous.faces(),
          previous.index(), previous.subjectsOnly(), previous.faceCount() - removed, previous.edges(), clusters,
          previous.runs(), previous.created(), previous.seconds(), previous.assigned()));
      List<ClusterNames.Name> keptNames = new ArrayList<>();
      for (ClusterNames.Name name : names) {
        if (remaining.contains(name.clusterId()) && !erased(name, faceIds, labels)) {
          keptNames.add(name);
        }
      }
      if (!keptNames.isEmpty()) {
        ClusterNames.write(spark.sparkContext().hadoopConfiguration(), clustering.staging(), keptNames);
      }
      clustering.commit();
      Result result = new Result(removed, previous.clusters() - clusters, names.size() - keptNames.size());
      console.printf("clusters %s: %d faces removed, %d clusters left empty and dropped, %d names dropped%n",
          clustering.output(), result.faces(), result.clusters(), result.names());
      return result;
    } catch (Exception e) { // includes SparkException, which Scala throws undeclared
      throw clustering.failure("erasing from the clustering", e);
    } finally {
      existing.unpersist();
    }
  }

  private static boolean erased(ClusterNames.Name name, Set<String> faceIds, Set<String> labels) {
    return faceIds.contains(name.representativeFaceId()) || labels.contains(name.label());
  }
}
