package io.faceengine.core.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.fillConvexPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageDecoder;
import java.io.IOException;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Test images built from LFW faces and OpenCV drawing; all deterministic. */
public final class Scenes {
  /** The square, centred part of a 250x250 LFW image kept by {@link #lfwFace}: the face without the neighbours at the edges. */
  public static final int FACE_CROP = 160;

  private Scenes() {}

  public static BgrImage lfw(String person, int number) throws IOException {
    return new ImageDecoder().decode(SharedTestData.lfw(person, number));
  }

  /** The centre {@value #FACE_CROP}x{@value #FACE_CROP} of an LFW image, scaled to {@code size} pixels square. */
  public static Mat lfwFace(String person, int number, int size) throws IOException {
    try (BgrImage image = lfw(person, number); Mat crop = image.mat().apply(centreCrop()); Size target = new Size(size, size)) {
      Mat face = new Mat();
      resize(crop, face, target, 0, 0, INTER_LINEAR);
      return face;
    }
  }

  public static Rect centreCrop() {
    int margin = (250 - FACE_CROP) / 2;
    return new Rect(margin, margin, FACE_CROP, FACE_CROP);
  }

  /** A uniform grey canvas, owned by the caller. */
  public static Mat canvas(int width, int height) {
    return new Mat(height, width, CV_8UC3, new Scalar(128, 128, 128, 0));
  }

  public static void paste(Mat canvas, Mat face, int x, int y) {
    try (Mat target = canvas.apply(new Rect(x, y, face.cols(), face.rows()))) {
      face.copyTo(target);
    }
  }

  /**
   * A faceless landscape: a sky gradient, a sun, three mountain ranges, a field, then per-pixel
   * noise from a fixed seed, so that the detector sees texture and edges rather than flat colour.
   */
  public static BgrImage landscape(int width, int height) {
    Mat image = new Mat(height, width, CV_8UC3);
    for (int y = 0; y < height; y++) {
      float t = y / (float) height; // the sky lightens towards the horizon
      try (Mat row = image.row(y)) {
        row.put(new Scalar(235 - 60 * t, 180 - 40 * t, 120 + 60 * t, 0));
      }
    }
    try (Point sun = new Point(width * 4 / 5, height / 6)) {
      circle(image, sun, height / 12, new Scalar(120, 230, 255, 0), FILLED, LINE_8, 0);
    }
    int[][] ranges = {{3, 90, 100, 110}, {5, 70, 90, 80}, {4, 60, 110, 60}}; // peaks, B, G, R
    Random shapes = new Random(11);
    for (int r = 0; r < ranges.length; r++) {
      int peaks = ranges[r][0];
      int base = height / 2 + r * height / 10;
      for (int p = 0; p < peaks; p++) {
        int centre = width * (2 * p + 1) / (2 * peaks) + shapes.nextInt(width / 10);
        int halfWidth = width / peaks;
        int top = base - height / 6 - shapes.nextInt(height / 8);
        try (Point triangle = new Point(3)) {
          triangle.position(0).x(centre - halfWidth).y(base);
          triangle.position(1).x(centre).y(top);
          triangle.position(2).x(centre + halfWidth).y(base);
          fillConvexPoly(image, triangle.position(0), 3, new Scalar(ranges[r][1], ranges[r][2], ranges[r][3], 0), LINE_8, 0);
        }
      }
    }
    try (Mat field = image.apply(new Rect(0, height * 3 / 4, width, height - height * 3 / 4))) {
      field.put(new Scalar(40, 140, 60, 0));
    }
    addNoise(image, new Random(7));
    return new BgrImage(image, "landscape");
  }

  private static void addNoise(Mat image, Random random) {
    byte[] pixels = new byte[image.cols() * image.rows() * 3];
    image.data().get(pixels);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) clamp((pixels[i] & 0xFF) + (float) random.nextGaussian() * 8);
    }
    image.data().put(pixels);
  }

  private static int clamp(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }
}
