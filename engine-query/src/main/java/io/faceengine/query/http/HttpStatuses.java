package io.faceengine.query.http;

import io.faceengine.query.QueryException;

/** The HTTP status the API answers each kind of {@link QueryException} with: the one place that maps them. */
final class HttpStatuses {
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
    };
  }
}
