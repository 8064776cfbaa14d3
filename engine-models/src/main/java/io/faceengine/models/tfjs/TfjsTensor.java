package io.faceengine.models.tfjs;

import java.util.Arrays;

/**
 * One named float tensor from a TF.js weights file, row-major in TF.js's own layout (e.g. HWIO
 * for conv filters).
 */
public record TfjsTensor(String name, int[] shape, float[] values) {

  public TfjsTensor {
    long size = elementCount(shape);
    if (size != values.length) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(shape) + " needs " + size + " values, got " + values.length);
    }
  }

  /** The number of elements a tensor of this shape holds (1 for a scalar). */
  static long elementCount(int[] shape) {
    long size = 1;
    for (int dim : shape) {
      size *= dim;
    }
    return size;
  }
}
