package io.faceengine.bench.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load: {@code clients} threads take the next request number until {@code count} were
 * sent, each sending its next request as soon as its last one was answered.
 */
public final class ClientLoad {
  /** One request; its own thread's. */
  @FunctionalInterface
  public interface Request {
    void send(int number) throws Exception;
  }

  /**
   * Each request's latency and the window from the first send to the last answer.
   *
   * @param latencyNanos indexed by request number
   */
  public record Result(long[] latencyNanos, long wallNanos) {
    public double requestsPerSecond() {
      return latencyNanos.length / (wallNanos / 1e9);
    }

    /** Latencies in milliseconds, for {@link io.faceengine.bench.Stats}. */
    public double[] latencyMillis() {
      double[] millis = new double[latencyNanos.length];
      for (int i = 0; i < millis.length; i++) {
        millis[i] = latencyNanos[i] / 1e6;
      }
      return millis;
    }
  }

  private ClientLoad() {}

  /** Sends requests 0 to count - 1; the first failure fails the run. */
  public static Result run(int clients, int count, Request request) throws Exception {
    if (clients < 1 || count < 1) {
      throw new IllegalArgumentException("a load needs at least one client and one request, got " + clients
          + " clients and " + count + " requests");
    }
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(pool.submit(() -> {
          for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
            long sent = System.nanoTime();
            request.send(n);
            latencies[n] = System.nanoTime() - sent;
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    }
    return new Result(latencies, System.nanoTime() - start);
  }
}
