package io.faceengine.jobs;

import io.faceengine.cluster.ClusterCommand;
import io.faceengine.core.cli.CommandFailures;
import io.faceengine.index.IndexCommand;
import io.faceengine.index.batch.SearchBatchCommand;
import io.faceengine.ingest.IngestCommand;
import picocli.CommandLine.Command;

/**
 * Entry point of the cluster jar, for {@code spark-submit --class io.faceengine.jobs.JobsMain}: the
 * Spark jobs with the same commands and options as {@code bin/engine}, e.g. {@code ingest --input
 * ... --output ...} or {@code index update --index ROOT --input DIR}.
 */
@Command(name = "engine-jobs", mixinStandardHelpOptions = true,
    description = "The engine's Spark jobs under spark-submit: ingest; index build, update, rebuild, verify, rollback;"
        + " search-batch; cluster.",
    subcommands = {IngestCommand.class, IndexCommand.class, SearchBatchCommand.class, ClusterCommand.class})
public final class JobsMain {
  private JobsMain() {}

  public static void main(String[] args) {
    System.exit(CommandFailures.commandLine(new JobsMain()).execute(args));
  }
}
