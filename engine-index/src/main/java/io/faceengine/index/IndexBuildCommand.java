package io.faceengine.index;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.model.ModelManifest;
import java.util.concurrent.Callable;
import io.faceengine.ingest.spark.SparkJobOptions;
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

  @Option(names = "--shards", paramLabel = "N", description = "Number of shards (default: engine.index.shards).")
  Integer shards;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Vector format: float32, int8, int4 or binary (default: engine.index.format).")
  String format;

  @Option(names = "--m", paramLabel = "M", description = "HNSW neighbours per node (default: engine.index.m).")
  Integer m;

  @Option(names = "--beam-width", paramLabel = "N",
      description = "HNSW candidates kept while building (default: engine.index.beam-width).")
  Integer beamWidth;

  @Option(names = "--no-publish", negatable = false,
      description = "Complete the generation (shards verified, manifest written) without moving CURRENT to it:"
          + " check it with 'index verify --gen N', then serve it with 'index publish --gen N'.")
  boolean noPublish;

  @Mixin SparkJobOptions job;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    IndexConfig defaults = config.index();
    IndexConfig index = defaults.with(
        format != null ? VectorFormat.parse(format) : defaults.format(),
        m != null ? m : defaults.m(),
        beamWidth != null ? beamWidth : defaults.beamWidth(),
        shards != null ? shards : defaults.shards());
    IndexBuildPlan plan = new IndexBuildPlan(input, output, index, ModelManifest.load(config.models().manifest()),
        Deletions.NONE, !noPublish);
    try (SparkSession spark = job.session("face-engine index build")) {
      new IndexBuildJob(spark, plan, System.out).run();
      return 0;
    }
  }

}
