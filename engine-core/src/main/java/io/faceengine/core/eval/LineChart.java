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
 * A line chart drawn with OpenCV and written as a PNG: two axes, each linear or logarithmic, a
 * grid, labels, curves and dashed markers. Values outside an axis's range are drawn at its edge.
 * The evaluation plots ({@link RocPlot}, the identification curves) and the benchmarks' plots are
 * built on it. Frees its native memory on {@link #close()}.
 */
public final class LineChart implements AutoCloseable {
  private static final int MIN_WIDTH = 400;
  private static final int MIN_HEIGHT = 300;

  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 60;
  private static final int BOTTOM = 75;
  private static final double FONT_SCALE = 0.5;

  /**
   * One axis. A log axis has a tick per decade between {@code min} and {@code max} (powers of ten);
   * a linear one a tick every {@code step}, labelled with {@code format}.
   */
  public record Axis(String label, boolean log, double min, double max, double step, String format) {
    public Axis {
      if (!(max > min) || (log && !(min > 0))) {
        throw new IllegalArgumentException("axis " + label + ": bad range [" + min + ", " + max + "]");
      }
    }

    public static Axis log(String label, double min, double max) {
      return new Axis(label, true, min, max, 0, null);
    }

    public static Axis linear(String label, double min, double max, double step, String format) {
      return new Axis(label, false, min, max, step, format);
    }

    /** The value's place on the axis, 0 at {@code min} and 1 at {@code max}, clamped. */
    double position(double value) {
      double p = log
          ? (Math.log10(Math.max(value, Double.MIN_VALUE)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
          : (value - min) / (max - min);
      return Math.clamp(p, 0, 1);
    }
  }

  private final PointerScope scope = new PointerScope();
  private final int width;
  private final int height;
  private final Axis x;
  private final Axis y;
  private final Mat canvas;

  public LineChart(int width, int height, Axis x, Axis y) {
    try {
      requireSize(width, height);
    } catch (IllegalArgumentException e) {
      scope.close();
      throw e;
    }
    this.width = width;
    this.height = height;
    this.x = x;
    this.y = y;
    canvas = new Mat(height, width, CV_8UC3, grey(255));
    drawXAxis();
    drawYAxis();
    rectangle(canvas, new Point(LEFT, TOP), new Point(right(), bottom()), black(), 1, LINE_AA, 0);
  }

  /** Plots check their size when made, before anything is drawn. */
  static void requireSize(int width, int height) {
    if (width < MIN_WIDTH || height < MIN_HEIGHT) {
      throw new IllegalArgumentException("a plot needs at least " + MIN_WIDTH + "x" + MIN_HEIGHT + " pixels, got "
          + width + "x" + height);
    }
  }

  /** A polyline through the points ({x, y} pairs in data units). */
  public void curve(List<double[]> points, Scalar color, int thickness) {
    for (int i = 1; i < points.size(); i++) {
      double[] a = points.get(i - 1);
      double[] b = points.get(i);
      line(canvas, point(a[0], a[1]), point(b[0], b[1]), color, thickness, LINE_AA, 0);
    }
  }

  /** A dashed vertical line at {@code value} on the x axis, with a label beside it near the bottom. */
  public void verticalMarker(double value, String label, Scalar color) {
    int px = px(value);
    for (int py = TOP; py < bottom(); py += 10) {
      line(canvas, new Point(px, py), new Point(px, Math.min(py + 5, bottom())), color, 1, LINE_AA, 0);
    }
    text(label, Math.min(px + 6, right() - textWidth(label, FONT_SCALE) - 4), bottom() - 12, FONT_SCALE, color);
  }

  /** A line of text inside the plot area, {@code line} lines below its top. */
  public void note(String text, int line, Scalar color) {
    text(text, LEFT + 10, TOP + 20 + 18 * line, FONT_SCALE, color);
  }

  /** Lines of text in the plot area's bottom left corner, each in its colour: a legend, first line on top. */
  public void legend(List<String> lines, List<Scalar> colors) {
    for (int i = 0; i < lines.size(); i++) {
      text(lines.get(i), LEFT + 10, bottom() - 12 - 18 * (lines.size() - 1 - i), FONT_SCALE, colors.get(i));
    }
  }

  public void title(String title) {
    text(title, (width - textWidth(title, 0.6)) / 2, TOP / 2 + 5, 0.6, black());
  }

  /** Writes the chart to {@code png}, creating its folder if needed. */
  public void write(Path png) throws IOException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    if (!imwrite(png.toString(), canvas)) {
      throw new IOException("OpenCV could not write " + png);
    }
  }

  @Override
  public void close() {
    scope.close();
  }

  private void drawXAxis() {
    for (double tick : ticks(x)) {
      int px = px(tick);
      line(canvas, new Point(px, TOP), new Point(px, bottom()), grey(225), 1, LINE_AA, 0);
      line(canvas, new Point(px, bottom()), new Point(px, bottom() + 6), black(), 1, LINE_AA, 0);
      String label = label(x, tick);
      text(label, px - textWidth(label, FONT_SCALE) / 2, bottom() + 22, FONT_SCALE, black());
      for (double minor : minorTicks(x, tick)) {
        line(canvas, new Point(px(minor), bottom()), new Point(px(minor), bottom() + 3), black(), 1, LINE_AA, 0);
      }
    }
    text(x.label(), LEFT + (right() - LEFT - textWidth(x.label(), FONT_SCALE)) / 2, height - 20, FONT_SCALE, black());
  }

  private void drawYAxis() {
    for (double tick : ticks(y)) {
      int py = py(tick);
      line(canvas, new Point(LEFT, py), new Point(right(), py), grey(225), 1, LINE_AA, 0);
      line(canvas, new Point(LEFT - 6, py), new Point(LEFT, py), black(), 1, LINE_AA, 0);
      String label = label(y, tick);
      text(label, LEFT - 10 - textWidth(label, FONT_SCALE), py + 5, FONT_SCALE, black());
      for (double minor : minorTicks(y, tick)) {
        line(canvas, new Point(LEFT - 3, py(minor)), new Point(LEFT, py(minor)), black(), 1, LINE_AA, 0);
      }
    }
    verticalText(y.label(), 20, TOP + (bottom() - TOP) / 2);
  }

  private static double[] ticks(Axis axis) {
    if (axis.log()) {
      int first = (int) Math.ceil(Math.log10(axis.min()) - 1e-9);
      int last = (int) Math.floor(Math.log10(axis.max()) + 1e-9);
      return java.util.stream.IntStream.rangeClosed(first, last).mapToDouble(d -> Math.pow(10, d)).toArray();
    }
    int count = (int) Math.floor((axis.max() - axis.min()) / axis.step() + 1e-9);
    return java.util.stream.IntStream.rangeClosed(0, count).mapToDouble(i -> axis.min() + i * axis.step()).toArray();
  }

  /** 2..9 times a decade tick on a log axis, within range; none on a linear one. */
  private static double[] minorTicks(Axis axis, double tick) {
    if (!axis.log()) {
      return new double[0];
    }
    return java.util.stream.IntStream.rangeClosed(2, 9).mapToDouble(m -> m * tick).filter(v -> v < axis.max()).toArray();
  }

  private static String label(Axis axis, double tick) {
    if (!axis.log()) {
      return String.format(Locale.ROOT, axis.format(), tick);
    }
    int decade = (int) Math.round(Math.log10(tick));
    return decade == 0 ? "1" : decade == -1 ? "0.1" : "1e" + decade;
  }

  private Point point(double vx, double vy) {
    return new Point(px(vx), py(vy));
  }

  private int px(double value) {
    return (int) Math.round(LEFT + x.position(value) * (right() - LEFT));
  }

  private int py(double value) {
    return (int) Math.round(bottom() - y.position(value) * (bottom() - TOP));
  }

  private int right() {
    return width - RIGHT;
  }

  private int bottom() {
    return height - BOTTOM;
  }

  private void verticalText(String label, int centerX, int centerY) {
    int[] baseline = new int[1];
    Size size = getTextSize(label, FONT_HERSHEY_SIMPLEX, FONT_SCALE, 1, baseline);
    Mat strip = new Mat(size.height() + baseline[0] + 4, size.width() + 4, CV_8UC3, grey(255));
    putText(strip, label, new Point(2, size.height() + 2), FONT_HERSHEY_SIMPLEX, FONT_SCALE, black(), 1, LINE_AA, false);
    Mat turned = new Mat();
    rotate(strip, turned, ROTATE_90_COUNTERCLOCKWISE);
    turned.copyTo(canvas.apply(new Rect(centerX - turned.cols() / 2, centerY - turned.rows() / 2, turned.cols(), turned.rows())));
  }

  private void text(String text, int px, int py, double scale, Scalar color) {
    putText(canvas, text, new Point(px, py), FONT_HERSHEY_SIMPLEX, scale, color, 1, LINE_AA, false);
  }

  private static int textWidth(String text, double scale) {
    return getTextSize(text, FONT_HERSHEY_SIMPLEX, scale, 1, new int[1]).width();
  }

  public static Scalar black() {
    return grey(0);
  }

  public static Scalar grey(int level) {
    return new Scalar(level, level, level, 0);
  }

  /** The main curve's colour, BGR. */
  public static Scalar blue() {
    return new Scalar(200, 90, 20, 0);
  }

  public static Scalar orange() {
    return new Scalar(0, 140, 255, 0);
  }
}
