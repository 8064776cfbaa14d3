package io.faceengine.core.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's rule on measurements given by hand: one reason per limit broken, in a fixed order. */
class QualityLimitsTest {
  private static final QualityLimits LIMITS = new QualityLimits(40, 20, 45, 30, 0.9f);

  private static FaceQuality quality(float size, float sharpness, float yaw, float roll, float score) {
    return new FaceQuality(score, size, size * 0.4f, sharpness, yaw, 0, roll);
  }

  @Test
  void aGoodFaceBreaksNothing() {
    assertEquals(List.of(), LIMITS.assess(quality(95, 140, -10, 3, 0.93f)));
    assertEquals(List.of(), LIMITS.assess(quality(40, 20, 45, -30, 0.9f)), "the limits themselves pass");
  }

  @Test
  void eachLimitHasItsReason() {
    assertEquals(List.of(QualityIssue.SMALL_FACE), LIMITS.assess(quality(39.9f, 140, 0, 0, 0.95f)));
    assertEquals(List.of(QualityIssue.BLURRED), LIMITS.assess(quality(95, 19.9f, 0, 0, 0.95f)));
    assertEquals(List.of(QualityIssue.YAW), LIMITS.assess(quality(95, 140, -45.1f, 0, 0.95f)));
    assertEquals(List.of(QualityIssue.ROLL), LIMITS.assess(quality(95, 140, 0, 30.1f, 0.95f)));
    assertEquals(List.of(QualityIssue.LOW_SCORE), LIMITS.assess(quality(95, 140, 0, 0, 0.85f)));
    assertEquals(List.of("small_face", "blurred", "yaw", "roll", "low_score"),
        QualityLimits.codes(LIMITS.assess(quality(10, 1, 80, -60, 0.81f))));
  }

  @Test
  void aValueNeverMeasuredFailsItsLimit() {
    assertEquals(List.of(QualityIssue.BLURRED, QualityIssue.YAW), LIMITS.assess(95, Float.NaN, Float.NaN, 0, 0.95f));
  }

  @Test
  void describedAsTheConfigurationNamesThem() {
    assertEquals("min-face-pixels 40, min-sharpness 20, max-yaw 45, max-roll 30, min-detector-score 0.9",
        LIMITS.describe());
  }

  @Test
  void noneLetsEveryMeasuredFacePass() {
    assertEquals(List.of(), QualityLimits.NONE.assess(quality(1, 0, 179, -179, 0)));
  }

  @Test
  void badLimitsAreRefusedNamingTheKey() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new QualityLimits(-1, 20, 45, 30, 0)).getMessage()
        .contains("min-face-pixels"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new QualityLimits(40, Float.NaN, 45, 30, 0))
        .getMessage().contains("min-sharpness"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new QualityLimits(40, 20, 0, 30, 0)).getMessage()
        .contains("max-yaw"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new QualityLimits(40, 20, 45, 200, 0)).getMessage()
        .contains("max-roll"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new QualityLimits(40, 20, 45, 30, 1.5f)).getMessage()
        .contains("min-detector-score"));
  }
}
