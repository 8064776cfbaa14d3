package io.faceengine.models;

import java.util.List;

/**
 * The synthetic 150x150 RGB inputs (0..255) of the reference fixture: the same formulas and
 * double arithmetic as {@code models/reference/face-api-reference.mjs}, rounded to float.
 */
public final class SyntheticInputs {
  public static final int SIZE = 150;
  public static final List<String> NAMES = List.of("gradient", "sinusoid", "rings");

  private SyntheticInputs() {}

  static float value(String pattern, int y, int x, int c) {
    double v = switch (pattern) {
      case "gradient" -> c == 0 ? 255.0 * x / 149 : c == 1 ? 255.0 * y / 149 : 255.0 * (x + y) / 298;
      case "sinusoid" -> 127.5 + 127.5 * StrictMath.sin(2 * Math.PI * (x * (c + 1) * 3 + y * (c + 2) * 2) / 150 + c);
      case "rings" ->
          127.5 + 127.5 * StrictMath.cos(Math.sqrt((x - 74.5) * (x - 74.5) + (y - 60) * (y - 60)) / (4 + c));
      default -> throw new IllegalArgumentException(pattern);
    };
    return (float) v;
  }

  /** The image as the ONNX model takes it: [3, 150, 150], RGB planes. */
  public static float[] chw(String pattern) {
    float[] out = new float[3 * SIZE * SIZE];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          out[(c * SIZE + y) * SIZE + x] = value(pattern, y, x, c);
        }
      }
    }
    return out;
  }

  /** The sum the fixture records, in the script's order (HWC), to prove both sides agree. */
  public static double hwcSum(String pattern) {
    double sum = 0;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        for (int c = 0; c < 3; c++) {
          sum += value(pattern, y, x, c);
        }
      }
    }
    return sum;
  }
}
