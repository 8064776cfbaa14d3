package io.faceengine.core.eval;

import java.util.Arrays;

/** Mean and sample standard deviation (divisor n-1) of per-fold values. */
record MeanStd(double mean, double std) {
  static MeanStd of(double[] values) {
    if (values.length < 2) {
      throw new IllegalArgumentException("a sample standard deviation needs at least 2 values, got " + values.length);
    }
    double mean = Arrays.stream(values).average().orElseThrow();
    double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
    return new MeanStd(mean, Math.sqrt(squares / (values.length - 1)));
  }
}
