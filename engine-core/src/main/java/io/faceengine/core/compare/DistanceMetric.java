package io.faceengine.core.compare;

/**
 * How two L2-normalised embeddings are compared. Both are distances (lower is more alike). On unit
 * vectors they are monotone in each other: {@code euclidean = sqrt(2 * cosine)}.
 */
public enum DistanceMetric {
  /** Straight-line distance, in [0, 2] on unit vectors. */
  EUCLIDEAN {
    @Override
    public float distance(float[] a, float[] b) {
      checkDimensions(a, b);
      double sum = 0;
      for (int i = 0; i < a.length; i++) {
        double d = a[i] - b[i];
        sum += d * d;
      }
      return (float) Math.sqrt(sum);
    }
  },
  /** One minus the cosine of the angle, in [0, 2]. */
  COSINE {
    @Override
    public float distance(float[] a, float[] b) {
      checkDimensions(a, b);
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int i = 0; i < a.length; i++) {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
      }
      if (na == 0 || nb == 0) {
        return 1f;
      }
      return (float) (1.0 - dot / Math.sqrt(na * nb));
    }
  };

  public abstract float distance(float[] a, float[] b);

  /** The cosine similarity of two unit vectors at this distance, in [-1, 1]: 1 for identical embeddings. */
  public float similarity(float distance) {
    float cosineDistance = this == EUCLIDEAN ? distance * distance / 2f : distance;
    return Math.max(-1f, Math.min(1f, 1f - cosineDistance));
  }

  /**
   * The distance of two unit vectors with this cosine similarity (their dot product): the inverse of
   * {@link #similarity}, for searches that rank by dot product.
   */
  public float distanceAt(float similarity) {
    float cosineDistance = Math.max(0f, Math.min(2f, 1f - similarity));
    return this == EUCLIDEAN ? (float) Math.sqrt(2.0 * cosineDistance) : cosineDistance;
  }

  private static void checkDimensions(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("embedding dimensions differ: " + a.length + " vs " + b.length);
    }
  }

  /** Scales {@code v} in place to unit length (a zero vector stays zero) and returns it. */
  public static float[] normalize(float[] v) {
    // In double: a float's square under- or overflows a float (below about 1e-19, above 1e19), never a double.
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (sum > 0 && Double.isFinite(sum)) {
      double norm = Math.sqrt(sum);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] / norm);
      }
    }
    return v;
  }
}
