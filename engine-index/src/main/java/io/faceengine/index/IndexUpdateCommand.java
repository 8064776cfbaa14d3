package io.faceengine.index;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.spark.SparkJobOptions;
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

  @Mixin DeletionOptions deletions;

  @Mixin PublishOption publish;

  @Mixin QualityGateOption quality;

  @Mixin SparkJobOptions job;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    IndexUpdatePlan plan = new IndexUpdatePlan(Optional.ofNullable(input), root, deletions.deletions(), config.index(),
        publish.publish(), quality.gate(config));
    try (SparkSession spark = job.session("face-engine index update")) {
      new IndexUpdateJob(spark, plan, System.out).run();
      return 0;
    }
  }
}
