package io.faceengine.query.poll;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one poll round now, then every interval on its own daemon thread (a round starts an interval
 * after the previous one ended). A round must not throw: an escaping exception would cancel the
 * schedule for good.
 */
public final class PeriodicPoll implements AutoCloseable {
  private final Duration interval;
  private final Runnable round;
  private final ScheduledExecutorService poller;

  public PeriodicPoll(String threadName, Duration interval, Runnable round) {
    this.interval = interval;
    this.round = round;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs a round on the caller's thread (so the caller starts from its outcome), then schedules the rest. */
  public void start() {
    round.run();
    long millis = interval.toMillis();
    poller.scheduleWithFixedDelay(round, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops polling: interrupts a running round without waiting for it to end (a router's round may
   * be waiting on status calls; their channels close next).
   */
  public void stop() {
    poller.shutdownNow();
  }

  /**
   * Stops polling and waits up to 10 s for a running round to end, so that nothing the round opens
   * escapes what the owner closes next.
   */
  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
