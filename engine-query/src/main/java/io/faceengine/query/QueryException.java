package io.faceengine.query;

/**
 * A request the service cannot answer, with the HTTP status and the stable error code the API
 * returns for it ({@code {"error": code, "message": message}}); the message names the input and reason.
 */
public class QueryException extends RuntimeException {
  private final int status;
  private final String error;

  public QueryException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  public static QueryException badRequest(String error, String message) {
    return new QueryException(400, error, message);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
