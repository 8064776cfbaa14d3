package io.faceengine.index.batch;

import io.faceengine.core.progress.Durations;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints every few seconds how many probe x shard lookups are done, their rate and the time left. */
public final class LookupProgress implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "search-batch-progress");
    t.setDaemon(true);
    return t;
  });
  private final long start = System.nanoTime();
  private final String job;

  /**
   * @param job what the lines start with, e.g. "search-batch"
   * @param done read from the accumulator the tasks add to as they finish
   */
  public LookupProgress(String job, long total, LongSupplier done, PrintStream out) {
    this.job = job;
    timer.scheduleAtFixedRate(() -> out.println(line(total, done.getAsLong())), 5, 5, TimeUnit.SECONDS);
  }

  private String line(long total, long done) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 ? Durations.format(Math.round((total - done) / rate)) : "?";
    return String.format(Locale.ROOT, "%s: %d/%d probe x shard lookups (%.0f%%), %.0f/s, ETA %s", job, done,
        total, total > 0 ? 100.0 * done / total : 100.0, rate, eta);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
