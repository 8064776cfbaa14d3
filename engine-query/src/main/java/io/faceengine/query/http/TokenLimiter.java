package io.faceengine.query.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One token's rate (a token bucket: {@code rate} a second on average, {@code burst} at once) and
 * concurrency (requests in flight) limits. A request over either is refused at once with 429, never
 * queued: a token's excess must not take the slots other tokens' requests wait for.
 */
final class TokenLimiter {
  /** A slot held by one request while it is answered. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private final ApiToken token;
  private final Bucket bucket; // null: no rate limit
  private final Semaphore inFlight; // null: no concurrency limit

  TokenLimiter(ApiToken token) {
    this.token = token;
    int rate = token.limits().rate();
    this.bucket = rate == 0 ? null : Bucket.builder()
        .addLimit(limit -> limit.capacity(token.limits().burstOrRate()).refillGreedy(rate, Duration.ofSeconds(1)))
        .build();
    int concurrency = token.limits().concurrency();
    this.inFlight = concurrency == 0 ? null : new Semaphore(concurrency);
  }

  /** A slot for one request of this token, or a 429 {@link HttpError} with the seconds to wait. */
  Permit admit() {
    if (inFlight != null && !inFlight.tryAcquire()) {
      throw new HttpError(429, "too_many_requests", "the token '" + token.id() + "' already has "
          + token.limits().concurrency() + " requests in flight, its limit: wait for one to finish", 1);
    }
    if (bucket != null) {
      ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        release();
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999));
        throw new HttpError(429, "rate_limited", "the token '" + token.id() + "' may make " + token.limits().rate()
            + " requests a second (" + token.limits().burstOrRate() + " at once): retry in " + seconds + " s", seconds);
      }
    }
    return this::release;
  }

  private void release() {
    if (inFlight != null) {
      inFlight.release();
    }
  }
}
