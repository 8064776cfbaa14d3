package io.faceengine.cluster.eval;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws the cluster-size distribution found against the true one as a PNG: for each size bin
 * (1, 2, 3-4, 5-8, ... faces) the number of clusters found (blue) and of identities (orange), on a
 * log scale, since singletons outnumber the large clusters by thousands.
 */
public final class ClusterSizePlot {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 60;
  private static final int BOTTOM = 80;

  private ClusterSizePlot() {}

  public static void write(SortedMap<Long, Long> found, SortedMap<Long, Long> truth, String title, Path png)
      throws IOException {
    long largest = Math.max(found.isEmpty() ? 1 : found.lastKey(), truth.isEmpty() ? 1 : truth.lastKey());
    int bins = bin(largest) + 1;
    long[] f = binned(found, bins);
    long[] t = binned(truth, bins);
    long most = 1;
    for (int i = 0; i < bins; i++) {
      most = Math.max(most, Math.max(f[i], t[i]));
    }
    // One band below 1 cluster, so that a bin of one cluster shows: the axis starts at 0.1.
    int bands = (int) Math.ceil(Math.log10(most)) + 1;
    Files.createDirectories(png.toAbsolutePath().getParent());
    try (PointerScope scope = new PointerScope()) {
      Mat canvas = new Mat(HEIGHT, WIDTH, CV_8UC3, new Scalar(255, 255, 255, 0));
      int bottom = HEIGHT - BOTTOM;
      int plotHeight = bottom - TOP;
      for (int d = 0; d < bands; d++) {
        int y = bottom - plotHeight * (d + 1) / bands;
        line(canvas, new Point(LEFT, y), new Point(WIDTH - RIGHT, y), new Scalar(225, 225, 225, 0), 1, LINE_AA, 0);
        text(canvas, d == 0 ? "1" : d == 1 ? "10" : "1e" + d, 20, y + 5, 0.5);
      }
      int binWidth = (WIDTH - LEFT - RIGHT) / bins;
      for (int i = 0; i < bins; i++) {
        int x = LEFT + i * binWidth;
        bar(canvas, x + binWidth / 6, binWidth / 3, f[i], bands, bottom, plotHeight, new Scalar(200, 90, 20, 0));
        bar(canvas, x + binWidth / 2, binWidth / 3, t[i], bands, bottom, plotHeight, new Scalar(0, 140, 255, 0));
        text(canvas, label(i), x + 4, bottom + 20, 0.4);
      }
      line(canvas, new Point(LEFT, bottom), new Point(WIDTH - RIGHT, bottom), new Scalar(0, 0, 0, 0), 1, LINE_AA, 0);
      text(canvas, "faces per cluster", WIDTH / 2 - 70, HEIGHT - 40, 0.5);
      text(canvas, "clusters found (blue) / identities (orange), log scale", LEFT, TOP - 12, 0.5);
      text(canvas, title, 20, 30, 0.45);
      if (!imwrite(png.toString(), canvas)) {
        throw new IOException("OpenCV could not write " + png);
      }
    }
  }

  /** Bin 0 holds size 1, bin b sizes 2^(b-1)+1 .. 2^b. */
  static int bin(long size) {
    return size <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(size - 1);
  }

  static String label(int bin) {
    if (bin <= 1) {
      return String.valueOf(bin + 1);
    }
    long low = (1L << (bin - 1)) + 1;
    long high = 1L << bin;
    return low == high ? String.valueOf(high) : low + "-" + high;
  }

  private static long[] binned(SortedMap<Long, Long> sizes, int bins) {
    long[] counts = new long[bins];
    for (Map.Entry<Long, Long> e : sizes.entrySet()) {
      counts[bin(e.getKey())] += e.getValue();
    }
    return counts;
  }

  private static void bar(Mat canvas, int x, int width, long count, int bands, int bottom, int plotHeight,
      Scalar color) {
    if (count == 0) {
      return;
    }
    int height = (int) Math.round(plotHeight * (Math.log10(count) + 1) / bands);
    rectangle(canvas, new Point(x, bottom - height), new Point(x + width, bottom), color, FILLED, LINE_AA, 0);
  }

  private static void text(Mat canvas, String text, int x, int y, double scale) {
    putText(canvas, text, new Point(x, y), FONT_HERSHEY_SIMPLEX, scale, new Scalar(0, 0, 0, 0), 1, LINE_AA, false);
  }

}
