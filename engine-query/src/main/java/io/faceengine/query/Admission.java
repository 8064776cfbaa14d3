package io.faceengine.query;

import io.faceengine.query.QueryException.Kind;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control: at most {@code inFlight} requests are answered at once and at most
 * {@code queued} more wait for a slot, in arrival order; a request beyond both is refused at once
 * (a {@link QueryException} of kind {@link Kind#OVERLOADED}). Refusing instead of queueing without
 * bound keeps latency, threads and the heap (each waiting request holds its body) bounded under
 * overload, and leaves nothing to drain when the load stops.
 */
public final class Admission {
  /** A slot held by one request: closing it lets the next waiting request in. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private final int inFlight;
  private final int queued;
  private final Semaphore slots;
  /**
   * Requests in flight or waiting. The request that frees a slot counts itself out before its answer
   * leaves, so that the caller's next request finds room even when the waiting request it let in
   * has not been scheduled yet (which a busy machine can take milliseconds to do).
   */
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();

  public Admission(int inFlight, int queued) {
    if (inFlight < 1 || queued < 0) {
      throw new IllegalArgumentException("admission needs at least 1 request in flight and no negative queue, got "
          + inFlight + " and " + queued);
    }
    this.inFlight = inFlight;
    this.queued = queued;
    this.slots = new Semaphore(inFlight, true);
  }

  /** A slot for one request, waiting in line when all are taken; refused at once when the line is full too. */
  public Permit admit() throws InterruptedException {
    if (admitted.incrementAndGet() > inFlight + queued) {
      admitted.decrementAndGet();
      refused.incrementAndGet();
      throw new QueryException(Kind.OVERLOADED, "overloaded", "the service is answering " + inFlight
          + " requests and has " + queued + " more waiting (engine.query.max-in-flight, max-queued): retry later");
    }
    try {
      slots.acquire(); // fair: in arrival order
    } catch (InterruptedException e) {
      admitted.decrementAndGet();
      throw e;
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        admitted.decrementAndGet();
        slots.release();
      }
    };
  }

  /** Requests being answered now. */
  public int inFlight() {
    return inFlight - slots.availablePermits();
  }

  /** Requests waiting for a slot now. */
  public int waiting() {
    return Math.max(0, admitted.get() - inFlight());
  }

  /** Requests refused since the start. */
  public long refused() {
    return refused.get();
  }
}
