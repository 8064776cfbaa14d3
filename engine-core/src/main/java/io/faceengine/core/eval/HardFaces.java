package io.faceengine.core.eval;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.NORM_MINMAX;
import static org.bytedeco.opencv.global.opencv_core.normalize;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Hard variants of a face image, made in memory, for measuring a detector: rotated, shrunk onto a
 * larger canvas, cut to a half-profile; and images without a face (background corners, textures).
 * Each face variant says where the face's centre went, so a detection can be checked to be on it.
 * Every returned {@link Mat} belongs to the caller.
 */
public final class HardFaces {
  /** The canvas a shrunk face is pasted on: a small photo, which the default detector halves to 640 pixels. */
  public static final int CANVAS_WIDTH = 1280;
  public static final int CANVAS_HEIGHT = 960;

  private HardFaces() {}

  /** An image and where its face's centre is (NaN for an image without a face). */
  public record Variant(Mat image, double faceX, double faceY) {
    /** True when the box contains the face's centre. */
    public boolean onFace(float x, float y, float width, float height) {
      return faceX >= x && faceX <= x + width && faceY >= y && faceY <= y + height;
    }
  }

  /** The image turned by {@code degrees} (counter-clockwise) about its centre, same size, edges replicated. */
  public static Variant rotated(Mat image, double faceX, double faceY, double degrees) {
    Point2f centre = new Point2f(image.cols() / 2f, image.rows() / 2f);
    Mat turn = getRotationMatrix2D(centre, degrees, 1.0);
    Mat out = new Mat();
    warpAffine(image, out, turn, image.size(), INTER_LINEAR, BORDER_REPLICATE, new Scalar());
    double radians = Math.toRadians(degrees);
    double dx = faceX - centre.x();
    double dy = faceY - centre.y();
    // OpenCV's positive angle turns counter-clockwise on screen (y down).
    double x = centre.x() + dx * Math.cos(radians) + dy * Math.sin(radians);
    double y = centre.y() - dx * Math.sin(radians) + dy * Math.cos(radians);
    turn.close();
    centre.close();
    return new Variant(out, x, y);
  }

  /**
   * The image scaled so that a face {@code faceWidth} pixels wide becomes {@code targetWidth}, pasted
   * on a grey {@value #CANVAS_WIDTH}x{@value #CANVAS_HEIGHT} canvas at a place chosen by {@code seed}.
   */
  public static Variant shrunk(Mat image, double faceX, double faceY, double faceWidth, int targetWidth, long seed) {
    double scale = targetWidth / faceWidth;
    Mat small = new Mat();
    try (Size size = new Size(Math.max(1, (int) Math.round(image.cols() * scale)), Math.max(1, (int) Math.round(image.rows() * scale)))) {
      resize(image, small, size, 0, 0, INTER_AREA);
    }
    Random random = new Random(seed);
    int x = random.nextInt(CANVAS_WIDTH - small.cols());
    int y = random.nextInt(CANVAS_HEIGHT - small.rows());
    Mat canvas = new Mat(CANVAS_HEIGHT, CANVAS_WIDTH, CV_8UC3, new Scalar(128, 128, 128, 0));
    try (Mat target = canvas.apply(new Rect(x, y, small.cols(), small.rows()))) {
      small.copyTo(target);
    }
    small.close();
    return new Variant(canvas, x + faceX * scale, y + faceY * scale);
  }

  /**
   * A half-profile: the face cut vertically a little past its centre, keeping the left side (one
   * eye, half the nose and mouth) or the right.
   */
  public static Variant halfProfile(Mat image, double faceX, double faceY, double faceWidth, boolean keepLeft) {
    int cut = (int) Math.round(faceX + (keepLeft ? 0.1 : -0.1) * faceWidth);
    cut = Math.clamp(cut, 1, image.cols() - 1);
    Rect keep = keepLeft ? new Rect(0, 0, cut, image.rows()) : new Rect(cut, 0, image.cols() - cut, image.rows());
    Mat out;
    try (Mat region = image.apply(keep)) {
      out = region.clone();
    }
    // The centre of what is left of the face: a quarter face-width inside the cut.
    double x = keepLeft ? cut - 0.35 * faceWidth : 0.35 * faceWidth;
    keep.close();
    return new Variant(out, x, faceY);
  }

  /** One corner ({@code corner} 0..3) of the image, {@code side} pixels square, enlarged 3 times: background, usually. */
  public static Variant backgroundCorner(Mat image, int corner, int side) {
    int x = corner % 2 == 0 ? 0 : image.cols() - side;
    int y = corner < 2 ? 0 : image.rows() - side;
    Mat out = new Mat();
    try (Rect rect = new Rect(x, y, side, side); Mat region = image.apply(rect); Size size = new Size(3 * side, 3 * side)) {
      resize(region, out, size, 0, 0, INTER_LINEAR);
    }
    return new Variant(out, Double.NaN, Double.NaN);
  }

  /**
   * A generated texture without a face: Gaussian noise in random colours, blurred to one of four
   * grain sizes ({@code kind}) and stretched back to full contrast.
   */
  public static Variant texture(int width, int height, int kind, long seed) {
    Random random = new Random(seed);
    double[] mean = {64 + random.nextInt(128), 64 + random.nextInt(128), 64 + random.nextInt(128)};
    double[] spread = {20 + random.nextInt(60), 20 + random.nextInt(60), 20 + random.nextInt(60)};
    byte[] pixels = new byte[width * height * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) Math.clamp(Math.round(mean[i % 3] + spread[i % 3] * random.nextGaussian()), 0, 255);
    }
    Mat out = new Mat();
    try (Mat noise = new Mat(height, width, CV_8UC3); Size none = new Size(0, 0)) {
      noise.data().put(pixels);
      GaussianBlur(noise, out, none, new double[] {0.8, 3, 8, 20}[Math.floorMod(kind, 4)]);
    }
    normalize(out, out, 0, 255, NORM_MINMAX, -1, null);
    return new Variant(out, Double.NaN, Double.NaN);
  }
}
