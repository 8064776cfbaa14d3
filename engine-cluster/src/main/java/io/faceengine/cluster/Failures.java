package io.faceengine.cluster;

/** Messages of failures that arrive wrapped in Spark's exceptions. */
final class Failures {
  private Failures() {}

  /** The innermost cause's class and message. */
  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
