package io.faceengine.cli;

import io.faceengine.core.progress.Durations;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Counts work done and prints "done/total, rate, ETA" to the console at most every few seconds. */
public final class ProgressMeter {
  private static final long INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

  private final String what;
  private final long total;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong lastPrint = new AtomicLong(System.nanoTime());

  public ProgressMeter(String what, long total, PrintStream out) {
    this.what = what;
    this.total = total;
    this.out = out;
  }

  /** Records one unit of work; prints a line when the interval has passed. Thread-safe. */
  public void step() {
    long n = done.incrementAndGet();
    long now = System.nanoTime();
    long last = lastPrint.get();
    if (now - last >= INTERVAL_NANOS && lastPrint.compareAndSet(last, now)) {
      out.println(line(n, now));
    }
  }

  /** The final line: how many, how fast. */
  public String finish() {
    return line(done.get(), System.nanoTime());
  }

  public double perSecond() {
    double seconds = (System.nanoTime() - start) / 1e9;
    return seconds > 0 ? done.get() / seconds : 0;
  }

  private String line(long n, long now) {
    double seconds = (now - start) / 1e9;
    double rate = seconds > 0 ? n / seconds : 0;
    long etaSeconds = rate > 0 ? Math.round((total - n) / rate) : -1;
    return String.format(java.util.Locale.ROOT, "%s: %d/%d (%.0f%%), %.1f/s, elapsed %s, ETA %s", what, n, total,
        total > 0 ? 100.0 * n / total : 100.0, rate, Durations.format(Math.round(seconds)),
        etaSeconds < 0 ? "?" : Durations.format(etaSeconds));
  }

}
