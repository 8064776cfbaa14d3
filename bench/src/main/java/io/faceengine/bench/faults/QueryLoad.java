package io.faceengine.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of searches ({@code POST /v1/search} with an embedding) from a few client threads
 * against one service port, counting what came back. A request sent while {@link #down} is set (the
 * harness killed the only process serving that port) is counted apart: it has nobody to answer it.
 */
final class QueryLoad implements AutoCloseable {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final HttpRequest search;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong whileDown = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private volatile boolean down;
  private volatile boolean running = true;

  QueryLoad(int port, int dimension, int clients) {
    Random random = new Random(14);
    double[] vector = new double[dimension];
    double norm = 0;
    for (int i = 0; i < dimension; i++) {
      vector[i] = random.nextGaussian();
      norm += vector[i] * vector[i];
    }
    StringBuilder body = new StringBuilder("{\"k\": 5, \"embedding\": [");
    for (int i = 0; i < dimension; i++) {
      body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", vector[i] / Math.sqrt(norm)));
    }
    body.append("]}");
    search = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/search"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    for (int i = 0; i < clients; i++) {
      Thread thread = Thread.ofPlatform().daemon().name("fault-query-" + i).start(this::loop);
      threads.add(thread);
    }
  }

  /** Set while the process behind the port is killed and not yet healthy again. */
  void down(boolean isDown) {
    this.down = isDown;
  }

  long answered() {
    return answered.get();
  }

  /** Requests answered with anything but a full 200 (or not answered) while the service was up. */
  long failed() {
    return failed.get();
  }

  /** Requests sent while the only serving process was killed. */
  long whileDown() {
    return whileDown.get();
  }

  /** The first few failures, as the client saw them. */
  List<String> failures() {
    return failures.stream().limit(3).toList();
  }

  private void loop() {
    while (running) {
      boolean sentWhileDown = down;
      String failure;
      try {
        HttpResponse<String> answer = client.send(search, HttpResponse.BodyHandlers.ofString());
        failure = answer.statusCode() != 200 ? answer.statusCode() + " " + answer.body()
            : answer.body().contains("\"partial\":true") || answer.body().contains("\"partial\": true")
                ? "200 partial: " + answer.body() : null;
      } catch (IOException e) {
        failure = e.toString();
      } catch (InterruptedException e) {
        return;
      }
      if (failure == null) {
        answered.incrementAndGet();
      } else if (sentWhileDown || down) {
        whileDown.incrementAndGet();
        pause();
      } else {
        failed.incrementAndGet();
        if (failures.size() < 10) {
          failures.add(failure.length() > 300 ? failure.substring(0, 300) : failure);
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(15_000);
    }
  }
}
