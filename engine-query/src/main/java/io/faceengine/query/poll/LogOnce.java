package io.faceengine.query.poll;

import java.util.function.Consumer;

/**
 * Logs a condition reported by every poll once, when it first appears or changes, not every poll
 * interval; reporting the empty message clears it, so its return is logged again.
 */
public final class LogOnce {
  private final Consumer<String> log;
  private volatile String last = "";

  /** @param log where a new message goes, e.g. {@code LOG::warn} */
  public LogOnce(Consumer<String> log) {
    this.log = log;
  }

  /** Logs {@code message} unless it is empty or the same as the last one reported. */
  public void report(String message) {
    if (!message.isEmpty() && !message.equals(last)) {
      log.accept(message);
    }
    last = message;
  }
}
