package io.faceengine.bench.load;

import io.faceengine.bench.load.PhaseResult.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@code POST /v1/search} requests (the given bodies in turn) over loopback HTTP from virtual
 * threads, in two shapes: a closed loop (N clients, each sending its next request when its last is
 * answered: the load a fixed set of callers makes) and an open loop (requests started at a fixed
 * rate whatever the answers: independent callers, the load that overloads a service). Open-loop
 * latency counts from when a request was due, so a client that falls behind does not hide it.
 */
public final class LoadClient implements AutoCloseable {
  /** A request body and its content type. */
  public record Body(String contentType, byte[] bytes) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI search;
  private final List<Body> bodies;
  private final AtomicInteger next = new AtomicInteger();

  public LoadClient(int port, List<Body> bodies) {
    if (bodies.isEmpty()) {
      throw new IllegalArgumentException("a load needs at least one request body");
    }
    this.search = URI.create("http://127.0.0.1:" + port + "/v1/search");
    this.bodies = List.copyOf(bodies);
  }

  /** {@code clients} callers, each sending its next request as soon as its last was answered, for {@code duration}. */
  public PhaseResult closedLoop(String phase, int clients, Duration duration) throws InterruptedException {
    List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        callers.submit(() -> {
          while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            samples.add(send(sent));
          }
        });
      }
    }
    return PhaseResult.of(phase, clients, 0, (System.nanoTime() - start) / 1e9, List.copyOf(samples));
  }

  /** {@code count} requests one after the other: a single caller, e.g. right after a load stopped. */
  public PhaseResult sequential(String phase, int count) {
    List<Sample> samples = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      samples.add(send(System.nanoTime()));
    }
    return PhaseResult.of(phase, 1, 0, (System.nanoTime() - start) / 1e9, samples);
  }

  /**
   * Requests started at {@code perSecond} for {@code duration}, whatever the answers; at most
   * {@code maxOutstanding} at once (further ones are counted as {@link Answer#NOT_SENT}).
   */
  public PhaseResult openLoop(String phase, double perSecond, Duration duration, int maxOutstanding)
      throws InterruptedException {
    List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    Semaphore outstanding = new Semaphore(maxOutstanding);
    long start = System.nanoTime();
    long count = (long) (perSecond * duration.toNanos() / 1e9);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long i = 0; i < count; i++) {
        long due = start + (long) (i * 1e9 / perSecond);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        if (!outstanding.tryAcquire()) {
          samples.add(new Sample(Answer.NOT_SENT, 0, 0));
          continue;
        }
        callers.submit(() -> {
          try {
            samples.add(send(due));
          } finally {
            outstanding.release();
          }
        });
      }
    }
    return PhaseResult.of(phase, 0, perSecond, (System.nanoTime() - start) / 1e9, List.copyOf(samples));
  }

  private Sample send(long since) {
    long lag = System.nanoTime() - since;
    Body body = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
    HttpRequest request = HttpRequest.newBuilder(search).timeout(TIMEOUT).header("Content-Type", body.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Sample(Answer.of(response.statusCode(), response.body()), System.nanoTime() - since, lag);
    } catch (IOException e) {
      return new Sample(Answer.NO_ANSWER, System.nanoTime() - since, lag);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sample(Answer.NO_ANSWER, System.nanoTime() - since, lag);
    }
  }

  @Override
  public void close() {
    client.close();
    threads.close();
  }
}
