package io.faceengine.core.quality;

import java.util.Locale;

/**
 * Why a face is too poor to enrol or to name: each is one limit of {@link QualityLimits} that the
 * face's {@link FaceQuality} broke. {@link #code()} is how the faces dataset and the API spell it.
 */
public enum QualityIssue {
  /** The box's shorter side is below {@code min-face-pixels}. */
  SMALL_FACE,
  /** The aligned crop's variance of the Laplacian is below {@code min-sharpness}. */
  BLURRED,
  /** The estimated yaw is beyond {@code max-yaw} either way (a face turned towards profile). */
  YAW,
  /** The eye line is tilted beyond {@code max-roll} either way. */
  ROLL,
  /** The detector's confidence is below {@code min-detector-score}. */
  LOW_SCORE;

  /** {@code small_face}, {@code blurred}, {@code yaw}, {@code roll}, {@code low_score}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
