package io.faceengine.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DetectorOptionsTest {
  @Test
  void defaults() {
    assertEquals(new DetectorOptions(0.8f, 0.3f, 20, 640, 5000), DetectorOptions.defaults());
  }

  @Test
  void refusesValuesOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new DetectorOptions(1.1f, 0.3f, 20, 640, 10));
    assertThrows(IllegalArgumentException.class, () -> new DetectorOptions(Float.NaN, 0.3f, 20, 640, 10));
    assertThrows(IllegalArgumentException.class, () -> new DetectorOptions(0.8f, 0f, 20, 640, 10));
    assertThrows(IllegalArgumentException.class, () -> new DetectorOptions(0.8f, 0.3f, -1, 640, 10));
    assertThrows(IllegalArgumentException.class, () -> new DetectorOptions(0.8f, 0.3f, 20, 16, 10));
    assertThrows(IllegalArgumentException.class, () -> new DetectorOptions(0.8f, 0.3f, 20, 640, 0));
  }
}
