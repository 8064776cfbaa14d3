package io.faceengine.query;

import io.faceengine.cluster.ClusterAlgorithm;
import io.faceengine.cluster.ClusterJob;
import io.faceengine.cluster.ClusterPlan;
import io.faceengine.cluster.ClusterResult;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.index.FaceDoc;
import io.faceengine.index.SparkFaces;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * A real clustering output for the query service's tests: faces of an {@link LfwIndex} generation
 * written as a faces dataset, clustered by the real cluster job (Spark in local mode) through that
 * generation's index, as {@code bin/engine cluster --faces F --index ROOT --output OUT} does.
 */
final class LfwClustering {
  /** Unlabelled LFW faces of one person whose images link within the default model's threshold (ClusterJobTest's). */
  static final String UNLABELLED_PERSON = "Serena_Williams";
  static final List<Integer> UNLABELLED_IMAGES = List.of(1, 5, 8);
  /** Another photo of that person, not indexed: a probe. */
  static final int UNLABELLED_PROBE = 10;

  private LfwClustering() {}

  /** The unlabelled faces: indexed without a label, so that only a cluster name can say who they are. */
  static List<FaceDoc> unlabelled(LfwIndex lfw) {
    return UNLABELLED_IMAGES.stream().map(n -> lfw.face(io.faceengine.core.testing.SharedTestData.lfw(
        UNLABELLED_PERSON, n), null)).toList();
  }

  /** Clusters {@code faces} (all held by the index under {@code root}) into {@code output}, replacing it; returns the job's summary. */
  static ClusterResult cluster(SparkSession spark, LfwIndex lfw, List<FaceDoc> faces, Path root, Path work,
      Path output) throws IOException {
    String input = work.resolve("faces-" + UUID.randomUUID()).toString();
    SparkFaces.write(spark, faces, lfw.model.id(), input);
    ClusterPlan plan = new ClusterPlan(input, Optional.of(root.toString()), output.toString(), ClusterPlan.DEFAULT_K,
        null, ClusterAlgorithm.CHINESE_WHISPERS, 50, false, ClusterPlan.DEFAULT_OVERSAMPLE, 100,
        ModelManifest.load(lfw.config.models().manifest()), lfw.config.index());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    return new ClusterJob(spark, plan, new PrintStream(log, true, StandardCharsets.UTF_8)).run();
  }
}
