package io.faceengine.core.cli;

import io.faceengine.core.image.InvalidImageException;
import io.faceengine.core.model.ModelNotReadyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How every engine command line ({@code bin/engine}, {@code bin/engine bench}, the cluster jar's
 * {@code JobsMain}) reports a command that threw: one line naming the command (its full name, e.g.
 * {@code engine index build}) and the problem; a stack trace only for what is not the user's to fix (a
 * bug), so a missing file or a bad option value reads as a sentence, not as a trace.
 */
public final class CommandFailures implements IExecutionExceptionHandler {
  /** Exit code of a user error (bad input, missing file, models not set up). */
  public static final int USER_ERROR = 2;
  /** Exit code of anything else. */
  public static final int INTERNAL_ERROR = 1;

  private CommandFailures() {}

  /** A command line for {@code command} (a picocli command object) that reports failures this way. */
  public static CommandLine commandLine(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.setExecutionExceptionHandler(new CommandFailures());
    return cli;
  }

  /** A one-line description of a failure; file-system exceptions carry only the path as their message. */
  public static String describe(Exception e) {
    if (e instanceof NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    if (e instanceof AccessDeniedException denied) {
      return denied.getFile() + ": permission denied";
    }
    String message = e.getMessage() != null ? e.getMessage() : e.toString();
    Throwable root = rootCause(e);
    // A job's failure names the task that failed; its root cause (a full disk, say) says why.
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += ": " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
    return message;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /**
   * Bad input, a missing file, models not set up: the user's to fix. An I/O failure that wraps
   * something else (a job's failure caused by a bug in a task, say) is not: its trace is needed.
   */
  static boolean isUserError(Exception e) {
    if (e instanceof IllegalArgumentException || e instanceof ModelNotReadyException
        || e instanceof InvalidImageException) {
      return true;
    }
    if (!(e instanceof IOException || e instanceof UncheckedIOException)) {
      return false;
    }
    Throwable root = rootCause(e);
    return root instanceof IOException || root instanceof IllegalArgumentException
        || root instanceof ModelNotReadyException || root instanceof InvalidImageException;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(e));
    if (isUserError(e)) {
      return USER_ERROR;
    }
    e.printStackTrace(commandLine.getErr());
    return INTERNAL_ERROR;
  }
}
