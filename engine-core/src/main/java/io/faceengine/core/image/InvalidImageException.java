package io.faceengine.core.image;

/**
 * An input that is not a usable image: empty, truncated, not an image at all, an unsupported
 * format, or larger than the configured pixel limit. The message names the input and the reason.
 */
public class InvalidImageException extends RuntimeException {
  /** Why an input was rejected; stable names, recorded by the ingest job as the error class. */
  public enum Reason {
    EMPTY,
    UNREADABLE,
    UNSUPPORTED_FORMAT,
    TRUNCATED,
    TOO_MANY_PIXELS,
    /** Compressed data that inflates far beyond what the header's dimensions need. */
    DECOMPRESSION_BOMB
  }

  private final String input;
  private final Reason reason;

  public InvalidImageException(String input, Reason reason, String detail) {
    this(input, reason, detail, null);
  }

  public InvalidImageException(String input, Reason reason, String detail, Throwable cause) {
    super(input + ": " + detail, cause);
    this.input = input;
    this.reason = reason;
  }

  public String input() {
    return input;
  }

  public Reason reason() {
    return reason;
  }
}
