package io.faceengine.core.config;

/**
 * Limits of one API token (0 for none), from {@code engine.query.token-limits} or a line of the
 * tokens file.
 *
 * @param rate requests per second, on average
 * @param burst requests that may come at once above that rate; 0 for {@code rate}
 * @param concurrency requests in flight at once
 * @param maxBodyBytes the largest request body; 0 for {@code engine.query.max-body-bytes}
 */
public record TokenLimits(int rate, int burst, int concurrency, long maxBodyBytes) {
  public static final TokenLimits NONE = new TokenLimits(0, 0, 0, 0);

  public TokenLimits {
    if (rate < 0 || burst < 0 || concurrency < 0 || maxBodyBytes < 0) {
      throw new IllegalArgumentException("token limits must be >= 0 (0 for none), got rate " + rate + ", burst "
          + burst + ", concurrency " + concurrency + ", max-body-bytes " + maxBodyBytes);
    }
  }

  /** The burst in effect: {@code burst}, or {@code rate} when 0. */
  public int burstOrRate() {
    return burst > 0 ? burst : rate;
  }
}
