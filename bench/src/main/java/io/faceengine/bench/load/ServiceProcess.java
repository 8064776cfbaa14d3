package io.faceengine.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/engine serve} as a child process on a free loopback port, as an operator starts it (its
 * memory bounds included), so that its resident memory and heap are its own and not the load
 * client's: {@code bin/engine} execs the JVM, whose pid is the child's.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Pattern HEAP = Pattern.compile("committed (\\d+)K, used (\\d+)K");

  /** The service's memory at one moment, in MiB. */
  public record Memory(long rssMb, long heapUsedMb, long heapCommittedMb) {}

  private final Process process;
  private final int port;

  private ServiceProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the embedded service over {@code indexRoot} and waits until /v1/health answers 200.
   *
   * @param systemProperties engine settings for the service only, e.g. {@code engine.query.max-in-flight}
   */
  public static ServiceProcess start(Path home, Path configFile, String indexRoot, Map<String, String> systemProperties,
      Path log, Duration startTimeout) throws IOException, InterruptedException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/engine").toString(), "serve", "--index", indexRoot,
        "--host", "127.0.0.1", "--port", String.valueOf(port)));
    if (configFile != null) {
      command.addAll(List.of("--config", configFile.toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    StringBuilder javaOpts = new StringBuilder(System.getenv().getOrDefault("ENGINE_JAVA_OPTS", ""));
    systemProperties.forEach((key, value) -> javaOpts.append(" -D").append(key).append('=').append(value));
    builder.environment().put("ENGINE_JAVA_OPTS", javaOpts.toString().strip());
    ServiceProcess service = new ServiceProcess(builder.start(), port);
    try {
      service.awaitHealthy(startTimeout, log);
      return service;
    } catch (IOException | InterruptedException | RuntimeException e) {
      service.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** The resident set (from /proc) and the heap (from jcmd GC.heap_info), now. */
  public Memory memory() throws IOException, InterruptedException {
    long rssKb = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process info = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.heap_info")
        .redirectErrorStream(true).start();
    String out = new String(info.getInputStream().readAllBytes());
    info.waitFor(30, TimeUnit.SECONDS);
    Matcher heap = HEAP.matcher(out);
    if (!heap.find()) {
      throw new IOException("jcmd " + process.pid() + " GC.heap_info printed no heap figures: " + out.strip());
    }
    return new Memory(rssKb / 1024, Long.parseLong(heap.group(2)) / 1024, Long.parseLong(heap.group(1)) / 1024);
  }

  private void awaitHealthy(Duration timeout, Path log) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("bin/engine serve exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet (the launcher may be building the engine first)
      }
      Thread.sleep(500);
    }
    throw new IOException("bin/engine serve did not answer /v1/health with 200 within " + timeout + "; see " + log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
