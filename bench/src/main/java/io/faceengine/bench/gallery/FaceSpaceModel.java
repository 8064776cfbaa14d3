package io.faceengine.bench.gallery;

import io.faceengine.bench.Stats;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A generative model of face embeddings fitted on real ones, for synthetic identities that look
 * like real faces to an index. An identity is a centre drawn from a Gaussian fitted on the real
 * identities' mean embeddings (their mean and between-identity covariance, so centres keep the
 * real ones' principal directions); its faces scatter around it with the real faces' pooled
 * within-identity covariance, scaled per identity and per face by factors drawn from the real
 * ones (some people vary more than others, some photos are outliers: one pooled Gaussian in 128
 * dimensions would give every pair nearly the same distance); each face is then L2-normalised.
 * Two scale factors, fitted last, make the median same-identity and different-identity distances
 * equal the real ones (the covariances are estimated before normalisation, which shrinks distances
 * a little). Faces per identity are drawn from the real images-per-identity counts. Immutable;
 * shipped to Spark tasks.
 */
public final class FaceSpaceModel implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Identities and pairs simulated to fit the scales; common random numbers make the fit smooth. */
  private static final int SCALE_FIT_IDENTITIES = 4000;

  private final int dimension;
  private final double[] centreMean;
  private final double[][] centreFactor;
  private final double[][] faceFactor;
  private final double centreScale;
  private final double faceScale;
  private final int[] facesPerIdentity;
  /** Real identities' spread relative to the pooled one; real faces' distance to their centre relative to their identity's. */
  private final double[] identitySpreads;
  private final double[] faceSpreads;

  private FaceSpaceModel(double[] centreMean, double[][] centreFactor, double[][] faceFactor, double centreScale,
      double faceScale, int[] facesPerIdentity, double[] identitySpreads, double[] faceSpreads) {
    this.dimension = centreMean.length;
    this.centreMean = centreMean;
    this.centreFactor = centreFactor;
    this.faceFactor = faceFactor;
    this.centreScale = centreScale;
    this.faceScale = faceScale;
    this.facesPerIdentity = facesPerIdentity;
    this.identitySpreads = identitySpreads;
    this.faceSpreads = faceSpreads;
  }

  /**
   * Fits the model.
   *
   * @param identities real identities' embeddings (unit vectors), one list per person; those with
   *     at least two faces give the centres and the spread
   * @param facesPerIdentity real faces (or images) per identity, the distribution identity sizes are drawn from
   * @param targets the real distance profile whose medians the scales are fitted to
   */
  public static FaceSpaceModel fit(List<float[][]> identities, int[] facesPerIdentity, DistanceProfile targets) {
    List<float[][]> usable = identities.stream().filter(faces -> faces.length >= 2).toList();
    if (usable.size() < 3) {
      throw new IllegalArgumentException("fitting needs at least 3 identities with two faces or more, got "
          + usable.size());
    }
    if (facesPerIdentity.length == 0) {
      throw new IllegalArgumentException("fitting needs the faces-per-identity counts");
    }
    int d = usable.get(0)[0].length;
    double[][] means = new double[usable.size()][];
    double[][] within = new double[d][d];
    long withinDegrees = 0;
    double inverseSizes = 0;
    double[] identityVariances = new double[usable.size()];
    List<Double> faceSpreads = new ArrayList<>();
    for (int i = 0; i < usable.size(); i++) {
      float[][] faces = usable.get(i);
      means[i] = mean(faces, d);
      double[] squaredNorms = new double[faces.length];
      for (int f = 0; f < faces.length; f++) {
        double[] residual = new double[d];
        for (int j = 0; j < d; j++) {
          residual[j] = faces[f][j] - means[i][j];
          squaredNorms[f] += residual[j] * residual[j];
        }
        addOuter(within, residual);
      }
      double variance = Arrays.stream(squaredNorms).sum() / (faces.length - 1);
      identityVariances[i] = variance;
      // With two faces both residuals are equal; from four on they tell outliers apart.
      if (faces.length >= 4) {
        double rms = Math.sqrt(Arrays.stream(squaredNorms).average().orElseThrow());
        for (double squared : squaredNorms) {
          faceSpreads.add(Math.sqrt(squared) / rms);
        }
      }
      withinDegrees += faces.length - 1;
      inverseSizes += 1.0 / faces.length;
    }
    scale(within, 1.0 / withinDegrees);
    double pooledVariance = Arrays.stream(identityVariances).average().orElseThrow();
    double[] identitySpreads = Arrays.stream(identityVariances).map(v -> Math.sqrt(v / pooledVariance))
        .sorted().toArray();
    double[] faceSpreadArray = faceSpreads.isEmpty() ? new double[] {1}
        : faceSpreads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] centreMean = mean(means, d);
    double[][] between = new double[d][d];
    for (double[] m : means) {
      double[] deviation = new double[d];
      for (int j = 0; j < d; j++) {
        deviation[j] = m[j] - centreMean[j];
      }
      addOuter(between, deviation);
    }
    scale(between, 1.0 / (means.length - 1));
    // An identity's mean embedding carries its faces' spread divided by their count: remove it.
    double meanInverseSize = inverseSizes / usable.size();
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        between[a][b] -= meanInverseSize * within[a][b];
      }
    }
    FaceSpaceModel unscaled = new FaceSpaceModel(centreMean, squareRoot(between), squareRoot(within), 1, 1,
        facesPerIdentity.clone(), identitySpreads, faceSpreadArray);
    return unscaled.withScalesFittedTo(targets);
  }

  public double centreScale() {
    return centreScale;
  }

  public double faceScale() {
    return faceScale;
  }

  /** A number of faces for a new identity, drawn from the real distribution. */
  public int drawFaceCount(SplittableRandom random) {
    return facesPerIdentity[random.nextInt(facesPerIdentity.length)];
  }

  /** A new identity: its centre (not normalised) and how much its faces vary. */
  public record Identity(double[] centre, double spread) {}

  public Identity drawIdentity(SplittableRandom random) {
    return new Identity(add(centreMean, transform(centreFactor, gaussians(random), centreScale)),
        identitySpreads[random.nextInt(identitySpreads.length)]);
  }

  /** A face of this identity: a unit vector. */
  public float[] drawFace(Identity identity, SplittableRandom random) {
    double spread = faceScale * identity.spread() * faceSpreads[random.nextInt(faceSpreads.length)];
    return normalise(add(identity.centre(), transform(faceFactor, gaussians(random), spread)));
  }

  /**
   * The same model with the centre and face scales chosen so that synthetic identities' median
   * same-identity and different-identity distances equal the targets'. Both medians rise with both
   * scales; alternating one-dimensional bisections converge in a few rounds.
   */
  private FaceSpaceModel withScalesFittedTo(DistanceProfile targets) {
    SplittableRandom random = new SplittableRandom(20261122L);
    double[][] centreSteps = new double[SCALE_FIT_IDENTITIES][];
    double[][] faceSteps = new double[2 * SCALE_FIT_IDENTITIES][];
    for (int i = 0; i < SCALE_FIT_IDENTITIES; i++) {
      centreSteps[i] = transform(centreFactor, gaussians(random), 1);
      double spread = identitySpreads[random.nextInt(identitySpreads.length)];
      faceSteps[2 * i] = transform(faceFactor, gaussians(random), spread * faceSpreads[random.nextInt(faceSpreads.length)]);
      faceSteps[2 * i + 1] = transform(faceFactor, gaussians(random),
          spread * faceSpreads[random.nextInt(faceSpreads.length)]);
    }
    ScaleTrial trial = new ScaleTrial(centreMean, centreSteps, faceSteps);
    double centre = 1;
    double face = 1;
    for (int round = 0; round < 4; round++) {
      double fixedCentre = centre;
      face = bisect(s -> trial.medians(fixedCentre, s)[0], targets.sameMedian());
      double fixedFace = face;
      centre = bisect(s -> trial.medians(s, fixedFace)[1], targets.differentMedian());
    }
    return new FaceSpaceModel(centreMean, centreFactor, faceFactor, centre, face, facesPerIdentity, identitySpreads,
        faceSpreads);
  }

  /** Pre-drawn identity and face offsets: medians of the two distances for given scales. */
  private record ScaleTrial(double[] centreMean, double[][] centreSteps, double[][] faceSteps) {
    double[] medians(double centreScale, double faceScale) {
      int n = centreSteps.length;
      double[] same = new double[n];
      double[] different = new double[n];
      float[][] first = new float[n][];
      for (int i = 0; i < n; i++) {
        double[] centre = new double[centreMean.length];
        for (int j = 0; j < centre.length; j++) {
          centre[j] = centreMean[j] + centreScale * centreSteps[i][j];
        }
        first[i] = normalise(addScaled(centre, faceSteps[2 * i], faceScale));
        float[] second = normalise(addScaled(centre, faceSteps[2 * i + 1], faceScale));
        same[i] = DistanceProfile.distance(first[i], second);
      }
      for (int i = 0; i < n; i++) {
        different[i] = DistanceProfile.distance(first[i], first[(i + 1) % n]);
      }
      return new double[] {Stats.percentile(same, 50), Stats.percentile(different, 50)};
    }
  }

  private interface Median {
    double at(double scale);
  }

  /** The scale in (0, 4] where the increasing function reaches the target. */
  private static double bisect(Median median, double target) {
    double low = 0;
    double high = 4;
    for (int i = 0; i < 30; i++) {
      double mid = (low + high) / 2;
      if (median.at(mid) < target) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }

  /** Per-person embeddings grouped by label, in first-seen order. */
  public static List<float[][]> groupByLabel(List<String> labels, List<float[]> embeddings) {
    Map<String, List<float[]>> groups = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      groups.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(embeddings.get(i));
    }
    return groups.values().stream().map(faces -> faces.toArray(float[][]::new)).toList();
  }

  /**
   * A square root of a covariance matrix: V sqrt(max(lambda, 0)), so x = mean + F z has that covariance.
   * OpenCV's Jacobi eigensolver: commons-math's failed to converge on 512-d covariances fitted from
   * a few hundred LFW faces.
   */
  private static double[][] squareRoot(double[][] covariance) {
    int d = covariance.length;
    double[][] factor = new double[d][d];
    try (Mat matrix = new Mat(d, d, opencv_core.CV_64F); Mat values = new Mat(); Mat vectors = new Mat()) {
      try (DoubleIndexer m = matrix.createIndexer()) {
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) {
            m.put(a, b, (covariance[a][b] + covariance[b][a]) / 2); // symmetric up to rounding
          }
        }
      }
      if (!opencv_core.eigen(matrix, values, vectors)) {
        throw new IllegalStateException("no eigendecomposition of the " + d + "x" + d + " covariance");
      }
      try (DoubleIndexer value = values.createIndexer(); DoubleIndexer vector = vectors.createIndexer()) {
        for (int k = 0; k < d; k++) {
          double root = Math.sqrt(Math.max(value.get(k, 0), 0));
          for (int row = 0; row < d; row++) {
            factor[row][k] = vector.get(k, row) * root; // OpenCV stores eigenvectors as rows
          }
        }
      }
    }
    return factor;
  }

  private double[] gaussians(SplittableRandom random) {
    double[] z = new double[dimension];
    for (int j = 0; j < dimension; j++) {
      z[j] = random.nextGaussian();
    }
    return z;
  }

  private static double[] transform(double[][] factor, double[] z, double scale) {
    double[] out = new double[factor.length];
    for (int row = 0; row < factor.length; row++) {
      double sum = 0;
      double[] r = factor[row];
      for (int k = 0; k < z.length; k++) {
        sum += r[k] * z[k];
      }
      out[row] = scale * sum;
    }
    return out;
  }

  private static double[] add(double[] a, double[] b) {
    return addScaled(a, b, 1);
  }

  private static double[] addScaled(double[] a, double[] b, double scale) {
    double[] out = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      out[j] = a[j] + scale * b[j];
    }
    return out;
  }

  private static float[] normalise(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    double norm = Math.sqrt(sum);
    float[] out = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = (float) (v[j] / norm);
    }
    return out;
  }

  private static double[] mean(float[][] rows, int d) {
    double[] m = new double[d];
    for (float[] row : rows) {
      for (int j = 0; j < d; j++) {
        m[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      m[j] /= rows.length;
    }
    return m;
  }

  private static double[] mean(double[][] rows, int d) {
    double[] m = new double[d];
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        m[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      m[j] /= rows.length;
    }
    return m;
  }

  private static void addOuter(double[][] sum, double[] v) {
    for (int a = 0; a < v.length; a++) {
      double va = v[a];
      for (int b = 0; b < v.length; b++) {
        sum[a][b] += va * v[b];
      }
    }
  }

  private static void scale(double[][] m, double factor) {
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= factor;
      }
    }
  }
}
