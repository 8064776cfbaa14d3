package io.faceengine.cli;

import io.faceengine.cli.erase.EraseCommand;
import io.faceengine.cluster.ClusterCommand;
import io.faceengine.core.cli.CommandFailures;
import io.faceengine.index.IndexCommand;
import io.faceengine.index.batch.SearchBatchCommand;
import io.faceengine.ingest.IngestCommand;
import io.faceengine.query.SearchCommand;
import io.faceengine.query.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/engine}: the face engine's command line. Each subcommand is its own class. */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    versionProvider = EngineVersion.class,
    description = "Face identification engine: detect, embed, verify and evaluate faces; ingest, index and cluster"
        + " collections; serve, search and batch-search the index.",
    subcommands = {
      SetupCommand.class,
      DetectCommand.class,
      EmbedCommand.class,
      VerifyCommand.class,
      IngestCommand.class,
      IndexCommand.class,
      ServeCommand.class,
      SearchCommand.class,
      SearchBatchCommand.class,
      ClusterCommand.class,
      EraseCommand.class,
      EvalCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EngineCli {
  private EngineCli() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with the engine's error handling ({@link CommandFailures}). */
  static CommandLine commandLine() {
    return CommandFailures.commandLine(new EngineCli());
  }
}
