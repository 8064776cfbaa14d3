package io.faceengine.index;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.spark.SparkJobOptions;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine index rebuild}: a full build into the next generation of an existing root, with
 * CURRENT's input, shard count, format, HNSW parameters and person templates unless overridden. Like every build it
 * leaves out the faces of the deletion ledger and refuses faces of mixed models.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = "Rebuild every shard from the faces dataset into the next generation of ROOT, leaving out the"
        + " faces of the root's deletion ledger and of the deletions given (recorded in the ledger); input, shard"
        + " count, vector format, HNSW parameters and person templates default to CURRENT's."
        + " Refuses faces of more than one model. CURRENT moves only once every shard was verified.")
final class IndexRebuildCommand implements Callable<Integer> {
  @Option(names = "--index", paramLabel = "ROOT", required = true, description = "The index root; any Hadoop URI.")
  String root;

  @Option(names = "--input", paramLabel = "DIR",
      description = "The faces dataset, or an ingest output directory (default: the one CURRENT's manifest records).")
  String input;

  @Mixin ShardLayoutOptions layout;

  @Mixin DeletionOptions deletions;

  @Mixin PublishOption publish;

  @Mixin QualityGateOption quality;

  @Mixin SparkJobOptions job;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    GenerationStore store = new GenerationStore(new Configuration(), root);
    long current = store.current().orElseThrow(() -> new IllegalArgumentException(store.root() + " has no "
        + GenerationStore.CURRENT + ": nothing to rebuild; create the index with 'index build'"));
    GenerationManifest manifest = store.manifest(current);
    IndexConfig index = layout.over(config.index().with(manifest.vectorFormat(), manifest.hnswM(),
        manifest.hnswBeamWidth(), manifest.shardCount()).withTemplates(manifest.templates()));
    IndexBuildPlan plan = new IndexBuildPlan(input != null ? input : manifest.input(), root, index,
        ModelManifest.load(config.models().manifest()), deletions.deletions(), publish.publish(), quality.gate(config));
    try (SparkSession spark = job.session("face-engine index rebuild")) {
      new IndexBuildJob(spark, plan, System.out).run();
      return 0;
    }
  }
}
