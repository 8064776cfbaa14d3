package io.faceengine.index;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.spark.SparkJobOptions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine index build}: options in, one {@link IndexBuildJob} run. Spark runs embedded in
 * local mode ({@code local[*]}) unless a master is given, by {@code --master} or by spark-submit.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build N Lucene HNSW shards from the faces dataset with Spark and publish them as a new generation"
        + " under ROOT; CURRENT moves to it only once every shard was built and verified.")
final class IndexBuildCommand implements Callable<Integer> {
  @Option(names = "--input", paramLabel = "DIR", required = true,
      description = "The faces dataset, or an ingest output directory (its faces/ is read); any Hadoop URI.")
  String input;

  @Option(names = "--output", paramLabel = "ROOT", required = true,
      description = "The index root: generations gen-<n>/ and the CURRENT pointer; any Hadoop URI.")
  String output;

  @Mixin ShardLayoutOptions layout;
  @Mixin PublishOption publish;

  @Mixin QualityGateOption quality;

  @Mixin SparkJobOptions job;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    IndexConfig index = layout.over(config.index());
    IndexBuildPlan plan = new IndexBuildPlan(input, output, index, ModelManifest.load(config.models().manifest()),
        Deletions.NONE, publish.publish(), quality.gate(config));
    try (SparkSession spark = job.session("face-engine index build")) {
      new IndexBuildJob(spark, plan, System.out).run();
      return 0;
    }
  }

}
