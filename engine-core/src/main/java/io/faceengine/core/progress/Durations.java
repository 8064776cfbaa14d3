package io.faceengine.core.progress;

/** Durations for progress lines: {@code 3m07s}, or {@code 2h05m} beyond an hour. */
public final class Durations {
  private Durations() {}

  public static String format(long seconds) {
    return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : String.format("%dm%02ds", seconds / 60, seconds % 60);
  }
}
