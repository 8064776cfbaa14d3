package io.faceengine.query.http;

/** A request refused by the HTTP layer itself (authorization, body size), before the service sees it. */
final class HttpError extends RuntimeException {
  private final int status;
  private final String error;

  HttpError(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }
}
