package io.faceengine.core.align;

/**
 * A 2-D similarity transform (rotation, uniform scale, translation) as the 2x3 matrix
 * {@code [a -b tx; b a ty]}, fitted by weighted least squares (the closed form of Umeyama's method
 * in two dimensions; reflections are excluded by construction).
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

  /**
   * The transform that best maps {@code from} onto {@code to}, both {@code x0, y0, x1, y1, ...},
   * each point counted {@code weights[i]} times (null = all 1).
   */
  public static SimilarityTransform fit(double[] from, double[] to, double[] weights) {
    int n = from.length / 2;
    if (from.length != to.length || from.length % 2 != 0 || n < 2) {
      throw new IllegalArgumentException("need the same number (>= 2) of source and target points");
    }
    if (weights != null && weights.length != n) {
      throw new IllegalArgumentException("need one weight per point: " + n + " points, " + weights.length + " weights");
    }
    double wsum = 0;
    double fx = 0;
    double fy = 0;
    double tx = 0;
    double ty = 0;
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1 : weights[i];
      wsum += w;
      fx += w * from[2 * i];
      fy += w * from[2 * i + 1];
      tx += w * to[2 * i];
      ty += w * to[2 * i + 1];
    }
    if (!(wsum > 0)) {
      throw new IllegalArgumentException("weights must not all be zero");
    }
    fx /= wsum;
    fy /= wsum;
    tx /= wsum;
    ty /= wsum;
    double dot = 0;
    double cross = 0;
    double spread = 0;
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1 : weights[i];
      double px = from[2 * i] - fx;
      double py = from[2 * i + 1] - fy;
      double qx = to[2 * i] - tx;
      double qy = to[2 * i + 1] - ty;
      dot += w * (px * qx + py * qy);
      cross += w * (px * qy - py * qx);
      spread += w * (px * px + py * py);
    }
    if (spread < 1e-12) {
      throw new IllegalArgumentException("source points coincide: no transform is defined");
    }
    double a = dot / spread;
    double b = cross / spread;
    return new SimilarityTransform(a, b, tx - (a * fx - b * fy), ty - (b * fx + a * fy));
  }

  /** The uniform scale factor. */
  public double scale() {
    return Math.hypot(a, b);
  }

  public double[] apply(double x, double y) {
    return new double[] {a * x - b * y + tx, b * x + a * y + ty};
  }

  /** Row-major 2x3 matrix, as OpenCV's warpAffine takes it. */
  public double[] toMatrix() {
    return new double[] {a, -b, tx, b, a, ty};
  }

  /** This transform applied after first mapping {@code p -> p / f + (ox, oy)}: used when the source is a scaled crop. */
  public SimilarityTransform onScaledCrop(double ox, double oy, double f) {
    double[] origin = apply(ox, oy);
    return new SimilarityTransform(a / f, b / f, origin[0], origin[1]);
  }
}
