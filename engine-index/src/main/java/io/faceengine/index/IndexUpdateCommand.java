package io.faceengine.index;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.ingest.spark.SparkJobOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/engine index update}: new runs and deletions into the next generation, untouched shards reused. */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = "Produce the next generation from CURRENT's: add the faces dataset's runs it does not hold yet and"
        + " delete faces (recorded in the root's deletion ledger, so that later updates and rebuilds keep them out)."
        + " Only the shards that change are rebuilt; the others are copied. Shard count, vector format and model stay"
        + " CURRENT's. CURRENT moves only once every shard was verified.")
final class IndexUpdateCommand implements Callable<Integer> {
  @Option(names = "--index", paramLabel = "ROOT", required = true, description = "The index root; any Hadoop URI.")
  String root;

  @Option(names = "--input", paramLabel = "DIR",
      description = "The faces dataset, or an ingest output directory (default: the one CURRENT's manifest records).")
  String input;

  @Option(names = "--delete-face-id", paramLabel = "ID", arity = "1..*", description = "Delete these faces.")
  List<String> faceIds = List.of();

  @Option(names = "--delete-image-id", paramLabel = "ID", arity = "1..*",
      description = "Delete every face of these images (image_id: SHA-256 of the image bytes).")
  List<String> imageIds = List.of();

  @Option(names = "--delete-label", paramLabel = "LABEL", arity = "1..*",
      description = "Delete every face with these labels.")
  List<String> labels = List.of();

  @Option(names = "--deletions", paramLabel = "FILE",
      description = "A file of deletions, one KEY,VALUE a line, KEY being face_id, image_id or label; # comments.")
  Path deletionsFile;

  @Mixin SparkJobOptions job;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    Deletions deletions = new Deletions(faceIds, imageIds, labels);
    if (deletionsFile != null) {
      deletions = deletions.union(Deletions.readFile(deletionsFile));
    }
    IndexUpdatePlan plan = new IndexUpdatePlan(Optional.ofNullable(input), root, deletions, config.index());
    try (SparkSession spark = job.session("face-engine index update")) {
      new IndexUpdateJob(spark, plan, System.out).run();
      return 0;
    }
  }
}
