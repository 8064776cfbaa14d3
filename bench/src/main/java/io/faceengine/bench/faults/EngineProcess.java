package io.faceengine.bench.faults;

import io.faceengine.core.fault.FaultPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One {@code bin/engine} command as a child process, as an operator runs it, with its output in a
 * log file. {@code bin/engine} execs the JVM, so the child's pid is the JVM's and {@link #kill9()}
 * is a {@code kill -9} of the real engine.
 */
final class EngineProcess {
  /** How a command ended: its exit code and the last lines it printed. */
  record Ended(int exitCode, String lastLines) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private final Process process;
  private final Path log;
  private final String command;

  private EngineProcess(Process process, Path log, String command) {
    this.process = process;
    this.log = log;
    this.command = command;
  }

  /**
   * Starts {@code bin/engine ARGS}.
   *
   * @param systemProperties JVM system properties for this run only (e.g. {@link FaultPoint#PROPERTY})
   */
  static EngineProcess start(Path home, Path log, Map<String, String> systemProperties, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/engine").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    StringBuilder javaOpts = new StringBuilder(System.getenv().getOrDefault("ENGINE_JAVA_OPTS", ""));
    systemProperties.forEach((key, value) -> javaOpts.append(" -D").append(key).append('=').append(value));
    builder.environment().put("ENGINE_JAVA_OPTS", javaOpts.toString().strip());
    return new EngineProcess(builder.start(), log, String.join(" ", args));
  }

  /** Runs {@code bin/engine ARGS} to its end. */
  static Ended run(Path home, Path log, Map<String, String> systemProperties, Duration timeout, String... args)
      throws IOException, InterruptedException {
    return start(home, log, systemProperties, args).awaitEnd(timeout);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits for the command to exit; kills it and fails after {@code timeout}. */
  Ended awaitEnd(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill9();
      throw new IOException("bin/engine " + command + " did not end within " + timeout + "; see " + log);
    }
    return new Ended(process.exitValue(), lastLines(6));
  }

  /** Waits until the command pauses at its fault point (prints the marker); fails if it ends first. */
  void awaitPause(String point, Duration timeout) throws IOException, InterruptedException {
    awaitCondition(() -> logHas(FaultPoint.MARKER + point), "pause at " + point, timeout);
  }

  /** Waits until {@code condition} holds while the command runs; fails if it ends first or on timeout. */
  void awaitCondition(BooleanSupplier condition, String what, Duration timeout) throws IOException,
      InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IOException("bin/engine " + command + " exited with " + process.exitValue() + " before it reached: "
            + what + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        kill9();
        throw new IOException("bin/engine " + command + " did not reach within " + timeout + ": " + what + "; see " + log);
      }
      Thread.sleep(100);
    }
  }

  /** {@code kill -9} of the engine's JVM, and waits until it is gone. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Whether the log holds {@code text}. */
  boolean logHas(String text) {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  String lastLines(int count) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }
}
