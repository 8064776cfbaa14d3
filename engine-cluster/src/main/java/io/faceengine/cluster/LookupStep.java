package io.faceengine.cluster;

import static org.apache.spark.sql.functions.col;

import io.faceengine.cluster.store.ClusterLookup;
import io.faceengine.cluster.store.ClusterLookup.LabelCount;
import io.faceengine.cluster.store.ClusterLookupWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.lucene.util.IOUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the staged clustering's lookup ({@code lookup/}, engine-store's {@link ClusterLookup}): what
 * the query service reads without Spark. The staged {@code clusters/} (with each face's label and
 * image URI from the faces) and {@code cluster_summary/} are streamed to the driver one partition at a
 * time ({@code toLocalIterator}: its memory stays flat), written into a local Lucene index, and copied
 * into the staging directory, so the lookup is committed with the rest of the output.
 */
final class LookupStep {
  private LookupStep() {}

  /** @param faces {@code face_id}, {@code label}, {@code image_uri} of at least the clustered faces */
  static ClusterLookup.Manifest write(SparkSession spark, ClusterOutput output, Dataset<Row> faces, String modelId)
      throws IOException {
    Path local = Files.createTempDirectory("cluster-lookup-");
    try {
      ClusterLookup.Manifest manifest;
      try (ClusterLookupWriter writer = new ClusterLookupWriter(local, modelId)) {
        Dataset<Row> members = spark.read().parquet(output.staged(ClusterOutput.CLUSTERS)).select("face_id", "cluster_id")
            .join(faces.select("face_id", "label", "image_uri"), "face_id")
            .select(col("face_id"), col("cluster_id"), col("label"), col("image_uri"));
        for (Iterator<Row> rows = members.toLocalIterator(); rows.hasNext(); ) {
          Row r = rows.next();
          writer.addFace(r.getString(0), r.getLong(1), r.isNullAt(2) ? null : r.getString(2),
              r.isNullAt(3) ? null : r.getString(3));
        }
        Dataset<Row> summary = spark.read().parquet(output.staged(ClusterOutput.SUMMARY))
            .select("cluster_id", "size", "representative_face_id", "cohesion", "labels");
        for (Iterator<Row> rows = summary.toLocalIterator(); rows.hasNext(); ) {
          Row r = rows.next();
          List<LabelCount> labels = new ArrayList<>();
          if (!r.isNullAt(4)) {
            for (Row label : r.<Row>getList(4)) {
              labels.add(new LabelCount(label.getString(0), label.getLong(1)));
            }
          }
          writer.addCluster(r.getLong(0), r.getLong(1), r.getString(2), r.getDouble(3), labels);
        }
        manifest = writer.finish();
      }
      ClusterLookup.publish(spark.sparkContext().hadoopConfiguration(), local, output.staged(ClusterLookup.DIR));
      return manifest;
    } finally {
      IOUtils.rm(local);
    }
  }
}
