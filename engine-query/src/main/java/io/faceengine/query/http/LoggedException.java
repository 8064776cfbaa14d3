package io.faceengine.query.http;

/**
 * An exception as the service logs it: the original's class and stack frames, and its causes', but
 * not their messages. A message may quote the request that caused it (a JSON parser's the body, a
 * number parser's the text), and a request may hold an image, an embedding or a token.
 */
final class LoggedException extends RuntimeException {
  /** Causes beyond this depth are left out (a cause chain may loop). */
  private static final int MAX_DEPTH = 16;

  private LoggedException(Throwable original, LoggedException cause) {
    super(original.getClass().getName() + " (message left out of logs)", cause, false, true);
    setStackTrace(original.getStackTrace());
  }

  /** The exception and its causes, without their messages. */
  static LoggedException withoutMessages(Throwable e) {
    return copy(e, 0);
  }

  private static LoggedException copy(Throwable e, int depth) {
    Throwable cause = e.getCause();
    boolean more = cause != null && cause != e && depth < MAX_DEPTH;
    return new LoggedException(e, more ? copy(cause, depth + 1) : null);
  }
}
