package io.faceengine.query.http;

/**
 * A request refused by the HTTP layer itself (authorization, body size, a token's limits), before the
 * service sees it; with the seconds a client should wait before retrying, when that helps.
 */
final class HttpError extends RuntimeException {
  private final int status;
  private final String error;
  private final long retryAfterSeconds;

  HttpError(int status, String error, String message) {
    this(status, error, message, 0);
  }

  HttpError(int status, String error, String message, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.error = error;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  /** The Retry-After header's seconds, or 0 for none. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
