package io.faceengine.core.quality;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The quality gate's limits ({@code engine.quality} in {@code conf/engine.conf}): a face is of low
 * quality when its {@link FaceQuality} breaks any of them. Such faces are kept by ingest but flagged,
 * left out of index builds, and answered {@code low_quality} by searches.
 *
 * @param minFacePixels the shorter side of the face box, in source pixels, at least this
 * @param minSharpness the variance of the Laplacian of the embedder's aligned grey crop, at least
 *     this (it depends on the crop's size: the values are the embedder's)
 * @param maxYaw the absolute yaw estimate, in degrees, at most this
 * @param maxRoll the absolute roll (eye-line tilt), in degrees, at most this
 * @param minDetectorScore the detector's confidence, at least this (0 turns the check off)
 */
public record QualityLimits(float minFacePixels, float minSharpness, float maxYaw, float maxRoll,
    float minDetectorScore) implements Serializable {
  /** Limits no face breaks: every face passes. */
  public static final QualityLimits NONE = new QualityLimits(0, 0, 180, 180, 0);

  public QualityLimits {
    if (!(minFacePixels >= 0 && Float.isFinite(minFacePixels))) {
      throw new IllegalArgumentException("min-face-pixels must be a number >= 0, got " + minFacePixels);
    }
    if (!(minSharpness >= 0 && Float.isFinite(minSharpness))) {
      throw new IllegalArgumentException("min-sharpness must be a number >= 0, got " + minSharpness);
    }
    if (!(maxYaw > 0 && maxYaw <= 180)) {
      throw new IllegalArgumentException("max-yaw must be in (0, 180] degrees, got " + maxYaw);
    }
    if (!(maxRoll > 0 && maxRoll <= 180)) {
      throw new IllegalArgumentException("max-roll must be in (0, 180] degrees, got " + maxRoll);
    }
    if (!(minDetectorScore >= 0 && minDetectorScore <= 1)) {
      throw new IllegalArgumentException("min-detector-score must be in [0, 1], got " + minDetectorScore);
    }
  }

  /** The limits {@code quality} breaks, in {@link QualityIssue} order; empty for a face of good quality. */
  public List<QualityIssue> assess(FaceQuality quality) {
    return assess(quality.faceSize(), quality.sharpness(), quality.yaw(), quality.roll(), quality.detectionScore());
  }

  /**
   * The same from the measured values one by one, as the faces dataset stores them. A value that is
   * not a number (never measured) breaks its limit: a face is not passed on missing evidence.
   */
  public List<QualityIssue> assess(float faceSize, float sharpness, float yaw, float roll, float detectorScore) {
    List<QualityIssue> issues = new ArrayList<>(2);
    if (!(faceSize >= minFacePixels)) {
      issues.add(QualityIssue.SMALL_FACE);
    }
    if (!(sharpness >= minSharpness)) {
      issues.add(QualityIssue.BLURRED);
    }
    if (!(Math.abs(yaw) <= maxYaw)) {
      issues.add(QualityIssue.YAW);
    }
    if (!(Math.abs(roll) <= maxRoll)) {
      issues.add(QualityIssue.ROLL);
    }
    if (!(detectorScore >= minDetectorScore)) {
      issues.add(QualityIssue.LOW_SCORE);
    }
    return issues;
  }

  /** As {@code conf/engine.conf} names them, e.g. {@code min-face-pixels 40, min-sharpness 20, ...}. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "min-face-pixels %s, min-sharpness %s, max-yaw %s, max-roll %s,"
        + " min-detector-score %s", plain(minFacePixels), plain(minSharpness), plain(maxYaw), plain(maxRoll),
        plain(minDetectorScore));
  }

  private static String plain(float value) {
    return new java.math.BigDecimal(Float.toString(value)).stripTrailingZeros().toPlainString();
  }

  /** The issues' codes, e.g. {@code [blurred, small_face]}: how the faces dataset and the API name them. */
  public static List<String> codes(List<QualityIssue> issues) {
    return issues.stream().map(QualityIssue::code).toList();
  }
}
