package io.faceengine.query;

/**
 * A request the service cannot answer: what kind of failure it is, and the stable error code the
 * API returns for it ({@code {"error": code, "message": message}}); the message names the input and
 * reason. Protocols map the kind to their own statuses (the HTTP API in {@code http.HttpStatuses}).
 */
public class QueryException extends RuntimeException {
  /** What went wrong, independent of the protocol that reports it. */
  public enum Kind {
    /** The request itself is wrong: a missing, malformed or out-of-range input. */
    INVALID_REQUEST,
    /** The request body comes in a form the API does not read (e.g. JSON without its content type). */
    UNSUPPORTED_MEDIA_TYPE,
    /** The request names a face the searched generation does not hold. */
    UNKNOWN_FACE,
    /** The request names a cluster the clustering served does not hold. */
    UNKNOWN_CLUSTER,
    /** The request is about clusters, and the service serves no clustering. */
    NO_CLUSTERING,
    /** The request is well-formed but its image holds no face to search with. */
    NO_FACE,
    /** The face's source image is not where it was indexed from, or none was recorded. */
    SOURCE_IMAGE_MISSING,
    /** The face's source image is there but cannot be decoded, or does not hold the face's box. */
    SOURCE_IMAGE_UNUSABLE,
    /** The request asks for a false-positive rate, and the searched generation holds no calibration to give it. */
    NOT_CALIBRATED,
    /** The searched generation indexes another model's embeddings than the service computes. */
    MODEL_MISMATCH,
    /** The service cannot answer now (no generation servable, a shard down); a retry may succeed. */
    UNAVAILABLE,
    /** The service is answering as many requests as it admits and has a full line waiting; a later retry may succeed. */
    OVERLOADED
  }

  private final Kind kind;
  private final String error;

  public QueryException(Kind kind, String error, String message) {
    super(message);
    this.kind = kind;
    this.error = error;
  }

  public static QueryException badRequest(String error, String message) {
    return new QueryException(Kind.INVALID_REQUEST, error, message);
  }

  public Kind kind() {
    return kind;
  }

  public String error() {
    return error;
  }
}
