package io.faceengine.core.align;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.Landmarks;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.model.AlignmentSpec;
import java.util.List;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cuts a face out of an image as the embedder expects it: the landmarks mapped onto the model's
 * template by a similarity transform, or a padded square around the box. Thread-safe: it holds only
 * immutable parameters.
 */
public final class FaceAligner {
  /** Below this scale the crop is shrunk with area averaging first: bilinear warping alone would alias. */
  private static final double MIN_DIRECT_SCALE = 0.8;

  private final AlignmentSpec spec;
  private final int width;
  private final int height;
  private final double[] templatePixels;
  private final double[] weights;

  public FaceAligner(AlignmentSpec spec, int width, int height) {
    this.spec = spec;
    this.width = width;
    this.height = height;
    this.templatePixels = AlignmentSpec.SIMILARITY.equals(spec.method()) ? templatePixels(spec, width, height) : null;
    this.weights = spec.pointWeights() == null ? null : spec.pointWeights().stream().mapToDouble(Float::doubleValue).toArray();
  }

  /** The face as a new {@code width x height} BGR image; the caller closes it. */
  public Mat align(BgrImage image, DetectedFace face) {
    SimilarityTransform toChip = transform(face);
    Mat src = image.mat();
    Rect roi = sourceRegion(toChip, image.width(), image.height());
    double shrink = Math.min(1.0, toChip.scale() / MIN_DIRECT_SCALE);
    try (Mat crop = new Mat(src, roi);
        Mat scaled = new Mat()) {
      Mat warpSource = crop;
      SimilarityTransform fromSource = toChip.onScaledCrop(roi.x(), roi.y(), 1.0);
      if (shrink < 1.0) {
        try (Size auto = new Size()) {
          // With fx = fy given, OpenCV scales by exactly that factor and maps pixel centres:
          // source = (x' + 0.5) / f - 0.5, i.e. an origin shifted by 0.5 / f - 0.5.
          resize(crop, scaled, auto, shrink, shrink, INTER_AREA);
        }
        double offset = 0.5 / shrink - 0.5;
        fromSource = toChip.onScaledCrop(roi.x() + offset, roi.y() + offset, shrink);
        warpSource = scaled;
      }
      Mat out = new Mat();
      try (Mat matrix = new Mat(2, 3, CV_64F);
          DoubleIndexer idx = matrix.createIndexer();
          Size size = new Size(width, height);
          Scalar black = new Scalar(0.0)) {
        double[] m = fromSource.toMatrix();
        for (int i = 0; i < 6; i++) {
          idx.put(i / 3, i % 3, m[i]);
        }
        warpAffine(warpSource, out, matrix, size, INTER_LINEAR, BORDER_CONSTANT, black);
        return out;
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
  }

  /** The transform from image pixels to output pixels for this face. */
  public SimilarityTransform transform(DetectedFace face) {
    if (templatePixels != null) {
      Landmarks lm = face.landmarks();
      double[] from = new double[2 * Landmarks.COUNT];
      for (int i = 0; i < Landmarks.COUNT; i++) {
        from[2 * i] = lm.x(i);
        from[2 * i + 1] = lm.y(i);
      }
      return SimilarityTransform.fit(from, templatePixels, weights);
    }
    double side = Math.max(face.box().width(), face.box().height()) * (1 + 2 * spec.padding());
    double scaleX = width / side;
    double scaleY = height / side;
    double scale = Math.min(scaleX, scaleY);
    return new SimilarityTransform(scale, 0, width / 2.0 - scale * face.box().centerX(),
        height / 2.0 - scale * face.box().centerY());
  }

  /** The part of the image that maps into the output, clamped to the image, so only it gets resampled. */
  private Rect sourceRegion(SimilarityTransform toChip, int imageWidth, int imageHeight) {
    double det = toChip.a() * toChip.a() + toChip.b() * toChip.b();
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (double[] corner : new double[][] {{0, 0}, {width, 0}, {0, height}, {width, height}}) {
      // Inverse of [a -b; b a] is [a b; -b a] / (a^2 + b^2).
      double dx = corner[0] - toChip.tx();
      double dy = corner[1] - toChip.ty();
      double x = (toChip.a() * dx + toChip.b() * dy) / det;
      double y = (-toChip.b() * dx + toChip.a() * dy) / det;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    int x0 = clamp((int) Math.floor(minX) - 1, 0, imageWidth - 1);
    int y0 = clamp((int) Math.floor(minY) - 1, 0, imageHeight - 1);
    int x1 = clamp((int) Math.ceil(maxX) + 1, x0 + 1, imageWidth);
    int y1 = clamp((int) Math.ceil(maxY) + 1, y0 + 1, imageHeight);
    return new Rect(x0, y0, x1 - x0, y1 - y0);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** The template in output pixels: fractions of the face square, widened by the padding on each side. */
  static double[] templatePixels(AlignmentSpec spec, int width, int height) {
    List<List<Float>> template = spec.template();
    double[] out = new double[2 * template.size()];
    double span = 1 + 2 * spec.padding();
    for (int i = 0; i < template.size(); i++) {
      out[2 * i] = (template.get(i).get(0) + spec.padding()) / span * width;
      out[2 * i + 1] = (template.get(i).get(1) + spec.padding()) / span * height;
    }
    return out;
  }
}
