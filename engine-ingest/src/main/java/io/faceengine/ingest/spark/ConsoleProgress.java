package io.faceengine.ingest.spark;

import io.faceengine.core.progress.Durations;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints the job's progress every few seconds while it runs: images done of the total, images per
 * second and the time left. Reads the named accumulators, which Spark updates as tasks finish.
 */
public final class ConsoleProgress implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ingest-progress");
    t.setDaemon(true);
    return t;
  });
  private final long start = System.nanoTime();

  ConsoleProgress(long total, LongSupplier done, LongSupplier faces, LongSupplier errors, PrintStream out) {
    timer.scheduleAtFixedRate(() -> out.println(line(total, done.getAsLong(), faces.getAsLong(), errors.getAsLong())),
        5, 5, TimeUnit.SECONDS);
  }

  String line(long total, long done, long faces, long errors) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 ? Durations.format(Math.round((total - done) / rate)) : "?";
    return String.format(Locale.ROOT, "ingest: %d/%d images (%.0f%%), %.1f images/s, ETA %s; %d faces, %d errors",
        done, total, total > 0 ? 100.0 * done / total : 100.0, rate, eta, faces, errors);
  }


  @Override
  public void close() {
    timer.shutdownNow();
  }
}
