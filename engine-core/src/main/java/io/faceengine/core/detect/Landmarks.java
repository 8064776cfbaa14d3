package io.faceengine.core.detect;

import java.util.Arrays;

/**
 * The five facial landmarks in source-image pixels, in the detector's order: the subject's right
 * eye (left in the image), the subject's left eye, the nose tip, the subject's right mouth corner
 * and left mouth corner. Stored as {@code x0, y0, x1, y1, ...}.
 */
public final class Landmarks {
  public static final int COUNT = 5;
  public static final int RIGHT_EYE = 0;
  public static final int LEFT_EYE = 1;
  public static final int NOSE_TIP = 2;
  public static final int RIGHT_MOUTH = 3;
  public static final int LEFT_MOUTH = 4;

  private final float[] xy;

  public Landmarks(float[] xy) {
    if (xy.length != 2 * COUNT) {
      throw new IllegalArgumentException("expected " + 2 * COUNT + " coordinates, got " + xy.length);
    }
    this.xy = xy.clone();
  }

  public float x(int point) {
    return xy[2 * point];
  }

  public float y(int point) {
    return xy[2 * point + 1];
  }

  /** A copy of the coordinates, {@code x0, y0, x1, y1, ...}. */
  public float[] toArray() {
    return xy.clone();
  }

  public Landmarks scaled(float factor) {
    float[] out = xy.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= factor;
    }
    return new Landmarks(out);
  }

  /** Distance between the two eye centres, in pixels. */
  public float interEyeDistance() {
    return (float) Math.hypot(x(LEFT_EYE) - x(RIGHT_EYE), y(LEFT_EYE) - y(RIGHT_EYE));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Landmarks other && Arrays.equals(xy, other.xy);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xy);
  }

  @Override
  public String toString() {
    return "Landmarks" + Arrays.toString(xy);
  }
}
