package io.faceengine.ingest.spark;

import java.io.IOException;
import java.util.Locale;

/**
 * An input that cannot be read as an image file: missing, larger than the limit, or not a regular
 * file once links are followed (a FIFO, socket or device, whose reading could block forever, a
 * dangling symbolic link, a link loop). Recorded as the error class
 * {@code invalid_input/<reason>}, with the file named in the message.
 */
public final class InvalidInputException extends IOException {
  /** Why the input cannot be read as an image file. */
  public enum Reason {
    NOT_FOUND,
    TOO_LARGE,
    NOT_A_REGULAR_FILE,
    DANGLING_SYMLINK,
    SYMLINK_LOOP
  }

  private final Reason reason;

  InvalidInputException(String input, Reason reason, String detail) {
    super(input + ": " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The error class of the images ledger, e.g. {@code invalid_input/not_a_regular_file}. */
  public String errorClass() {
    return "invalid_input/" + reason.name().toLowerCase(Locale.ROOT);
  }
}
