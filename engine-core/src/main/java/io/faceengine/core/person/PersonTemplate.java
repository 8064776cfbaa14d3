package io.faceengine.core.person;

import io.faceengine.core.compare.DistanceMetric;
import java.io.Serializable;

/**
 * A person's template being summed: the quality-weighted mean of the unit embeddings of the
 * person's faces, re-normalised to unit length ({@link #embedding()}). Sums merge in any order
 * (Spark's reduce), so a template does not depend on how its faces were partitioned. Not
 * thread-safe.
 *
 * <p>A face's weight ({@link #weight}) is its detection score times a pose factor, {@code cos(yaw) *
 * cos(pitch)} (a profile adds little of the frontal face the probes mostly show), times a size
 * factor, {@code min(1, face size / 112 px)} (the embedder's input side: a smaller face was
 * enlarged, its details invented). Each factor is at least {@value #MIN_FACTOR}, so that no face of
 * a person is ignored altogether. Sharpness is left out: its scale depends on the image's
 * resolution and content, not only on blur.
 */
public final class PersonTemplate implements Serializable {
  /** The lowest value of each factor of a weight. */
  public static final double MIN_FACTOR = 0.1;
  /** The embedders' input side in pixels: faces at least this large get the full size factor. */
  public static final double FULL_SIZE = 112;

  private final double[] sum;
  private double weights;
  private int faces;

  public PersonTemplate(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    this.sum = new double[dimension];
  }

  /**
   * The weight of a face of this quality, in (0, 1].
   *
   * @param detectionScore the detector's confidence
   * @param faceSize the shorter side of the face box, in pixels
   * @param yaw degrees
   * @param pitch degrees
   */
  public static double weight(double detectionScore, double faceSize, double yaw, double pitch) {
    double score = factor(detectionScore);
    double pose = factor(Math.cos(Math.toRadians(yaw))) * factor(Math.cos(Math.toRadians(pitch)));
    double size = factor(faceSize / FULL_SIZE);
    return score * pose * size;
  }

  private static double factor(double value) {
    return Double.isFinite(value) ? Math.max(MIN_FACTOR, Math.min(1, value)) : MIN_FACTOR;
  }

  /** Adds a face's unit embedding with its weight (> 0); returns this. */
  public PersonTemplate add(float[] embedding, double weight) {
    if (embedding.length != sum.length) {
      throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, the template " + sum.length);
    }
    if (!(weight > 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException("a face's weight must be a positive number, got " + weight);
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += weight * embedding[i];
    }
    weights += weight;
    faces++;
    return this;
  }

  /** Adds the faces of {@code other} (same dimension); returns this. */
  public PersonTemplate merge(PersonTemplate other) {
    if (other.sum.length != sum.length) {
      throw new IllegalArgumentException("cannot merge templates of " + sum.length + " and " + other.sum.length
          + " dimensions");
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.sum[i];
    }
    weights += other.weights;
    faces += other.faces;
    return this;
  }

  /** Faces added. */
  public int faces() {
    return faces;
  }

  /**
   * The template: the weighted mean re-normalised to unit length. Refused without faces, or when the
   * faces cancel out (a zero mean has no direction).
   */
  public float[] embedding() {
    if (faces == 0) {
      throw new IllegalStateException("a template needs at least one face");
    }
    float[] mean = new float[sum.length];
    double norm = 0;
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / weights);
      norm += (double) mean[i] * mean[i];
    }
    if (!(norm > 1e-12)) {
      throw new IllegalStateException("the " + faces + " faces of the template cancel out: their mean has no direction");
    }
    return DistanceMetric.normalize(mean);
  }
}
