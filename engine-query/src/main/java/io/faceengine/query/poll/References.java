package io.faceengine.query.poll;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the users of something a poll opens and later replaces (a generation's shards, a
 * clustering's lookup): one reference for its owner while it is current, one for each request using
 * it. When the owner retires it and the last request releases it, {@code onLast} closes it, so a
 * swap never closes what a request still reads.
 */
public final class References {
  private final AtomicInteger count = new AtomicInteger(1);
  private final Runnable onLast;

  /** @param onLast run once, by whoever releases the last reference */
  public References(Runnable onLast) {
    this.onLast = onLast;
  }

  /** Takes a reference; false once the last one was released. Pair with {@link #release()}. */
  public boolean tryAcquire() {
    while (true) {
      int n = count.get();
      if (n == 0) {
        return false;
      }
      if (count.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  public void release() {
    if (count.decrementAndGet() == 0) {
      onLast.run();
    }
  }
}
