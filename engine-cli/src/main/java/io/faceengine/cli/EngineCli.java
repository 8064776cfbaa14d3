package io.faceengine.cli;

import io.faceengine.core.image.InvalidImageException;
import io.faceengine.core.model.ModelNotReadyException;
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
    description = "Face identification engine: detect, embed, verify and evaluate faces; ingest and index collections; serve, search and batch-search the index.",
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
      EvalCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EngineCli {
  private EngineCli() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** A one-line description of a failure; file-system exceptions carry only the path as their message. */
  static String describe(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return denied.getFile() + ": permission denied";
    }
    return e.getMessage();
  }

  /** The command line with the engine's error handling: one line naming the problem, no stack trace for user errors. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new EngineCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean userError = e instanceof IllegalArgumentException || e instanceof ModelNotReadyException
          || e instanceof InvalidImageException || e instanceof java.io.IOException
          || e instanceof java.io.UncheckedIOException;
      commandLine.getErr().println("engine " + commandLine.getCommandName() + ": " + describe(e));
      if (!userError) {
        e.printStackTrace(commandLine.getErr());
      }
      return userError ? 2 : 1;
    });
    return cli;
  }
}
