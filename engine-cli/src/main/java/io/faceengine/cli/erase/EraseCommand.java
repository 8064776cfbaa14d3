package io.faceengine.cli.erase;

import io.faceengine.ingest.erase.ErasureTarget;
import io.faceengine.spark.SparkJobOptions;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/engine erase}: a person, an image or a face removed from the faces dataset, the index and the clusters. */
@Command(name = "erase", mixinStandardHelpOptions = true,
    description = "Erase a person (--label), an image (--image-id) or a face (--face-id): its faces leave the ingest"
        + " output (rewritten partition by partition, each swapped in atomically; erased images stay as tombstones"
        + " without label or path, so a later ingest skips them), the index (a new generation; the deletions enter"
        + " the root's deletion ledger, so rebuilds keep them out; person templates recomputed or dropped) and the"
        + " clustering; the erasure is written to the audit log. Source image files are left where they are."
        + " See docs/privacy.md.")
public final class EraseCommand implements Callable<Integer> {
  @Option(names = "--faces", paramLabel = "DIR", required = true,
      description = "The ingest output (holding faces/ and images/); any Hadoop URI.")
  String output;

  @Option(names = "--index", paramLabel = "ROOT", description = "The index root built from it.")
  String index;

  @Option(names = "--clusters", paramLabel = "DIR", description = "The clustering output made from it.")
  String clusters;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Mixin SparkJobOptions job;

  static final class Target {
    @Option(names = "--label", paramLabel = "NAME", description = "Every face labelled NAME and every image so labelled.")
    String label;

    @Option(names = "--image-id", paramLabel = "ID", description = "Every face of the image (SHA-256 of its bytes).")
    String imageId;

    @Option(names = "--face-id", paramLabel = "ID", description = "One face (its image goes too when it has no other).")
    String faceId;

    ErasureTarget target() {
      return label != null ? new ErasureTarget(ErasureTarget.Key.LABEL, label)
          : imageId != null ? new ErasureTarget(ErasureTarget.Key.IMAGE_ID, imageId)
          : new ErasureTarget(ErasureTarget.Key.FACE_ID, faceId);
    }
  }

  @Override
  public Integer call() throws Exception {
    Erasure.Plan plan = new Erasure.Plan(output, Optional.ofNullable(index), Optional.ofNullable(clusters),
        target.target(), job.config());
    try (SparkSession spark = job.session("face-engine erase")) {
      return new Erasure(spark, plan, System.out).run().isPresent() ? 0 : 1;
    }
  }
}
