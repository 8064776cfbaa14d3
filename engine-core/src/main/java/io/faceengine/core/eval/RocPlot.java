package io.faceengine.core.eval;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws the ROC curve of an {@link EvaluationReport} as a PNG: true positive rate against false
 * positive rate on a log axis from 1e-4 to 1 (where face verification systems differ; on a linear
 * axis good curves all hug the corner), with the chance line, the FAR target of VAL, and a title
 * giving accuracy and AUC. FPRs below 1e-4, including 0, are drawn on the left edge.
 */
public final class RocPlot {
  public static final int DEFAULT_WIDTH = 800;
  public static final int DEFAULT_HEIGHT = 600;

  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 60;
  private static final int BOTTOM = 75;
  private static final double FONT_SCALE = 0.5;
  private static final double MIN_LOG = RocCurve.MIN_LOG_FPR;

  private final int width;
  private final int height;

  public RocPlot() {
    this(DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  public RocPlot(int width, int height) {
    if (width < 400 || height < 300) {
      throw new IllegalArgumentException("a ROC plot needs at least 400x300 pixels, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
  }

  /** Writes the plot to {@code png}, creating its folder if needed. */
  public void write(EvaluationReport report, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // The scope frees every native Mat, Point and Scalar made while drawing.
    try (PointerScope scope = new PointerScope()) {
      Mat canvas = new Mat(height, width, CV_8UC3, white());
      drawAxes(canvas);
      drawChanceLine(canvas);
      drawFarTarget(canvas, report);
      drawCurve(canvas, report.roc());
      String title = String.format(Locale.ROOT, "LFW ROC (%d folds): accuracy %.4f +/- %.4f, AUC %.4f",
          report.folds().size(), report.accuracyMean(), report.accuracyStd(), report.auc());
      text(canvas, title, (width - textWidth(title, 0.6)) / 2, TOP / 2 + 5, 0.6, black());
      if (!imwrite(png.toString(), canvas)) {
        throw new IOException("OpenCV could not write " + png);
      }
    }
  }

  private void drawAxes(Mat canvas) {
    for (int decade = (int) MIN_LOG; decade <= 0; decade++) {
      int x = x(Math.pow(10, decade));
      line(canvas, new Point(x, TOP), new Point(x, bottom()), grey(225), 1, LINE_AA, 0);
      line(canvas, new Point(x, bottom()), new Point(x, bottom() + 6), black(), 1, LINE_AA, 0);
      String label = decade == 0 ? "1" : decade == -1 ? "0.1" : "1e" + decade;
      text(canvas, label, x - textWidth(label, FONT_SCALE) / 2, bottom() + 22, FONT_SCALE, black());
      for (int m = 2; m <= 9 && decade < 0; m++) {
        int minor = x(m * Math.pow(10, decade));
        line(canvas, new Point(minor, bottom()), new Point(minor, bottom() + 3), black(), 1, LINE_AA, 0);
      }
    }
    for (int tenth = 0; tenth <= 10; tenth++) {
      int y = y(tenth / 10.0);
      line(canvas, new Point(LEFT, y), new Point(right(), y), grey(225), 1, LINE_AA, 0);
      line(canvas, new Point(LEFT - 6, y), new Point(LEFT, y), black(), 1, LINE_AA, 0);
      String label = String.format(Locale.ROOT, "%.1f", tenth / 10.0);
      text(canvas, label, LEFT - 10 - textWidth(label, FONT_SCALE), y + 5, FONT_SCALE, black());
    }
    rectangle(canvas, new Point(LEFT, TOP), new Point(right(), bottom()), black(), 1, LINE_AA, 0);
    String xLabel = "False positive rate (log scale)";
    text(canvas, xLabel, LEFT + (right() - LEFT - textWidth(xLabel, FONT_SCALE)) / 2, height - 20, FONT_SCALE, black());
    verticalText(canvas, "True positive rate", 20, TOP + (bottom() - TOP) / 2);
  }

  /** A random classifier: TPR = FPR, a curve on a log axis. */
  private void drawChanceLine(Mat canvas) {
    Point previous = null;
    for (int i = 0; i <= 100; i++) {
      double fpr = Math.pow(10, MIN_LOG * (1 - i / 100.0));
      Point p = new Point(x(fpr), y(fpr));
      if (previous != null) {
        line(canvas, previous, p, grey(160), 1, LINE_AA, 0);
      }
      previous = p;
    }
  }

  private void drawFarTarget(Mat canvas, EvaluationReport report) {
    int x = x(report.farTarget());
    for (int y = TOP; y < bottom(); y += 10) {
      line(canvas, new Point(x, y), new Point(x, Math.min(y + 5, bottom())), orange(), 1, LINE_AA, 0);
    }
    String label = String.format(Locale.ROOT, "VAL@FAR=%.0e: %.4f", report.farTarget(), report.valMean());
    text(canvas, label, x + 6, bottom() - 12, FONT_SCALE, orange());
  }

  private void drawCurve(Mat canvas, List<RocPoint> roc) {
    for (int i = 1; i < roc.size(); i++) {
      RocPoint a = roc.get(i - 1);
      RocPoint b = roc.get(i);
      line(canvas, new Point(x(a.falsePositiveRate()), y(a.truePositiveRate())),
          new Point(x(b.falsePositiveRate()), y(b.truePositiveRate())), blue(), 2, LINE_AA, 0);
    }
  }

  private void verticalText(Mat canvas, String label, int centerX, int centerY) {
    int[] baseline = new int[1];
    Size size = getTextSize(label, FONT_HERSHEY_SIMPLEX, FONT_SCALE, 1, baseline);
    Mat strip = new Mat(size.height() + baseline[0] + 4, size.width() + 4, CV_8UC3, white());
    text(strip, label, 2, size.height() + 2, FONT_SCALE, black());
    Mat turned = new Mat();
    rotate(strip, turned, ROTATE_90_COUNTERCLOCKWISE);
    turned.copyTo(canvas.apply(new Rect(centerX - turned.cols() / 2, centerY - turned.rows() / 2, turned.cols(), turned.rows())));
  }

  private static void text(Mat canvas, String text, int x, int y, double scale, Scalar color) {
    putText(canvas, text, new Point(x, y), FONT_HERSHEY_SIMPLEX, scale, color, 1, LINE_AA, false);
  }

  private static int textWidth(String text, double scale) {
    return getTextSize(text, FONT_HERSHEY_SIMPLEX, scale, 1, new int[1]).width();
  }

  private int x(double fpr) {
    double log = Math.max(MIN_LOG, Math.log10(Math.max(fpr, Double.MIN_VALUE)));
    return (int) Math.round(LEFT + (log - MIN_LOG) / -MIN_LOG * (right() - LEFT));
  }

  private int y(double tpr) {
    return (int) Math.round(bottom() - tpr * (bottom() - TOP));
  }

  private int right() {
    return width - RIGHT;
  }

  private int bottom() {
    return height - BOTTOM;
  }

  private static Scalar white() {
    return grey(255);
  }

  private static Scalar black() {
    return grey(0);
  }

  private static Scalar grey(int level) {
    return new Scalar(level, level, level, 0);
  }

  /** The curve colour, BGR. */
  static Scalar blue() {
    return new Scalar(200, 90, 20, 0);
  }

  private static Scalar orange() {
    return new Scalar(0, 140, 255, 0);
  }
}
