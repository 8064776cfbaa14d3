package io.faceengine.cluster;

import io.faceengine.cluster.store.ClusterNames;
import io.faceengine.cluster.store.ClusterNames.Name;
import io.faceengine.spark.SparkJobOptions;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/engine cluster name}: records a label for a cluster, with who named it and when. */
@Command(name = "name", mixinStandardHelpOptions = true,
    description = "Name a cluster of a clustering output: the label is recorded in OUTPUT/names.json with its"
        + " provenance (who, when, the cluster's representative face and size) and follows the representative face"
        + " through later re-clusterings.")
final class ClusterNameCommand implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "DIR", required = true, description = "The clustering output.")
  String output;

  @Option(names = "--cluster", paramLabel = "ID", required = true, description = "The cluster_id to name.")
  long clusterId;

  @Option(names = "--label", paramLabel = "NAME", required = true, description = "The person's label.")
  String label;

  @Option(names = "--by", paramLabel = "WHO", description = "Who names it (default: the user running the command).")
  String by;

  @Mixin SparkJobOptions job;

  @Override
  public Integer call() throws Exception {
    if (label.isBlank()) {
      throw new IllegalArgumentException("--label must not be blank");
    }
    try (SparkSession spark = job.session("face-engine cluster name")) {
      Name name = name(spark, output, clusterId, label, by != null ? by : System.getProperty("user.name"));
      System.out.println("cluster " + name.clusterId() + " (" + name.size() + " faces, representative "
          + name.representativeFaceId() + ") is now '" + name.label() + "', named by " + name.namedBy());
      return 0;
    }
  }

  /** Records the name; refuses a cluster the output does not hold. */
  static Name name(SparkSession spark, String output, long clusterId, String label, String by) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ClusterOutput out = new ClusterOutput(conf, output);
    out.begin();
    out.manifest(); // refuses a directory that is no clustering output
    List<Row> found = spark.read().parquet(out.part(ClusterOutput.SUMMARY)).filter("cluster_id = " + clusterId)
        .select("representative_face_id", "size").collectAsList();
    if (found.isEmpty()) {
      throw new IllegalArgumentException("the clustering " + out.output() + " has no cluster " + clusterId);
    }
    Name name = new Name(clusterId, label, found.get(0).getString(0), found.get(0).getLong(1), by,
        Instant.now().toString());
    ClusterNames.append(conf, out.output(), name);
    return name;
  }
}
