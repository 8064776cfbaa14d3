package io.faceengine.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

class CommandFailuresTest {
  @Command(name = "tool", subcommands = Fails.class)
  static final class Tool {}

  /** Throws what its argument names. */
  @Command(name = "fails")
  static final class Fails implements Callable<Integer> {
    @Parameters String what;

    @Override
    public Integer call() throws Exception {
      throw switch (what) {
        case "missing" -> new NoSuchFileException("/data/in.parquet");
        case "bad-value" -> new IllegalArgumentException("--shards must be at least 1, got 0");
        case "disk-full" -> new IllegalStateException("[TASK_WRITE_FAILED] Task failed while writing rows to"
            + " file:/out/_staging/run-1/batch=1/faces", new java.io.UncheckedIOException(
                new java.io.IOException("No space left on device")));
        case "job-bug" -> new java.io.IOException("index build failed", new NullPointerException("a bug in a task"));
        default -> new IllegalStateException("an invariant broke");
      };
    }
  }

  record Run(int exitCode, String err) {}

  private static Run run(String what) {
    StringWriter err = new StringWriter();
    CommandLine cli = CommandFailures.commandLine(new Tool());
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("fails", what);
    return new Run(code, err.toString());
  }

  @Test
  void aMissingFileIsOneLineNamingTheCommandAndThePath() {
    Run run = run("missing");
    assertEquals(CommandFailures.USER_ERROR, run.exitCode());
    assertEquals("tool fails: /data/in.parquet: no such file", run.err().strip());
  }

  @Test
  void aBadValueIsOneLineWithoutAStackTrace() {
    Run run = run("bad-value");
    assertEquals(CommandFailures.USER_ERROR, run.exitCode());
    assertEquals("tool fails: --shards must be at least 1, got 0", run.err().strip());
  }

  @Test
  void aJobFailureCausedByABugKeepsItsStackTrace() {
    Run run = run("job-bug");
    assertEquals(CommandFailures.INTERNAL_ERROR, run.exitCode());
    assertTrue(run.err().startsWith("tool fails: index build failed"), run.err());
    assertTrue(run.err().contains("Caused by: java.lang.NullPointerException: a bug in a task"), run.err());
  }

  @Test
  void aBugKeepsItsStackTrace() {
    Run run = run("bug");
    assertEquals(CommandFailures.INTERNAL_ERROR, run.exitCode());
    assertTrue(run.err().startsWith("tool fails: an invariant broke"), run.err());
    assertTrue(run.err().contains("at io.faceengine.core.cli.CommandFailuresTest$Fails.call"), run.err());
  }

  /** A job that failed writing (Spark names the task) says why on its one line: kill -9 fault suite, disk full. */
  @Test
  void aJobFailureSaysItsRootCauseOnItsFirstLine() {
    Run run = run("disk-full");
    assertTrue(run.err().lines().findFirst().orElseThrow().equals("tool fails: [TASK_WRITE_FAILED] Task failed while"
        + " writing rows to file:/out/_staging/run-1/batch=1/faces: IOException: No space left on device"), run.err());
  }
}
