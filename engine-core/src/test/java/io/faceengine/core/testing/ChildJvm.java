package io.faceengine.core.testing;

import io.faceengine.core.fault.FaultPoint;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} of this test's classpath in a child JVM (the same JVM options: Spark's
 * {@code --add-opens}), for tests that {@code kill -9} a real process, e.g. at a {@link FaultPoint}.
 */
public final class ChildJvm {
  private final Process process;
  private final StringBuffer output = new StringBuffer();

  private ChildJvm(Process process) {
    this.process = process;
    Thread.ofPlatform().daemon().start(() -> {
      try (InputStream in = process.getInputStream()) {
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          output.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
      } catch (IOException ended) {
        // the process is gone
      }
    });
  }

  /** Starts {@code mainClass} with {@code args}, the system properties given and faceengine.home set. */
  public static ChildJvm start(Class<?> mainClass, Map<String, String> systemProperties, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("--enable")
            || arg.startsWith("-XX:+EnableDynamicAgentLoading") || arg.startsWith("--add-modules"))
        .forEach(command::add);
    command.add("-Xmx1g");
    command.add("-Dfaceengine.home=" + SharedTestData.projectDir());
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Waits until the child pauses at {@code point}; fails if it exits first or after {@code timeout}. */
  public void awaitPause(String point, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output.toString().contains(FaultPoint.MARKER + point)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly().waitFor();
        throw new IOException("the child JVM did not pause at " + point + " (exit " + process.exitValue() + "):\n"
            + tail());
      }
      Thread.sleep(100);
    }
  }

  /** {@code kill -9} of the child, and waits until it is gone. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Waits for the child to exit and returns its exit code; kills it and fails after {@code timeout}. */
  public int awaitExit(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IOException("the child JVM did not exit within " + timeout + ":\n" + tail());
    }
    Thread.sleep(200); // let the reader take the last output
    return process.exitValue();
  }

  /** All the child printed so far (stdout and stderr). */
  public String output() {
    return output.toString();
  }

  private String tail() {
    String all = output.toString();
    return all.substring(Math.max(0, all.length() - 4000));
  }
}
