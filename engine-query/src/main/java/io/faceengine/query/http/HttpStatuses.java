package io.faceengine.query.http;

import io.faceengine.query.QueryException;

/** The HTTP status the API answers each kind of {@link QueryException} with: the one place that maps them. */
final class HttpStatuses {
  /** A slot frees in well under a second (a search's deadline is 2 s); one second spreads the retries. */
  private static final String OVERLOADED_RETRY_AFTER_SECONDS = "1";

  private HttpStatuses() {}

  static int of(QueryException.Kind kind) {
    return switch (kind) {
      case INVALID_REQUEST -> 400;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case UNKNOWN_FACE -> 404;
      case UNKNOWN_CLUSTER -> 404;
      case NO_CLUSTERING -> 404;
      case NO_FACE -> 422;
      case SOURCE_IMAGE_MISSING -> 404;
      case SOURCE_IMAGE_UNUSABLE -> 422;
      case MODEL_MISMATCH -> 409;
      case NOT_CALIBRATED -> 409;
      case UNAVAILABLE -> 503;
      case OVERLOADED -> 503;
    };
  }

  /** The Retry-After header (seconds) an answer of this kind carries, or null: an overloaded service asks clients to back off. */
  static String retryAfter(QueryException.Kind kind) {
    return kind == QueryException.Kind.OVERLOADED ? OVERLOADED_RETRY_AFTER_SECONDS : null;
  }
}
