package io.faceengine.core.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws the ROC curve of an {@link EvaluationReport} as a PNG: true positive rate against false
 * positive rate on a log axis from 1e-4 to 1 (where face verification systems differ; on a linear
 * axis good curves all hug the corner), with the chance line, the FAR target of VAL, and a title
 * giving accuracy and AUC. FPRs below 1e-4, including 0, are drawn on the left edge.
 */
public final class RocPlot {
  public static final int DEFAULT_WIDTH = 800;
  public static final int DEFAULT_HEIGHT = 600;

  private static final double MIN_FPR = Math.pow(10, RocCurve.MIN_LOG_FPR);

  private final int width;
  private final int height;

  public RocPlot() {
    this(DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  public RocPlot(int width, int height) {
    LineChart.requireSize(width, height);
    this.width = width;
    this.height = height;
  }

  /** Writes the plot to {@code png}, creating its folder if needed. */
  public void write(EvaluationReport report, Path png) throws IOException {
    try (LineChart chart = new LineChart(width, height,
        LineChart.Axis.log("False positive rate (log scale)", MIN_FPR, 1),
        LineChart.Axis.linear("True positive rate", 0, 1, 0.1, "%.1f"))) {
      chart.curve(chanceLine(), LineChart.grey(160), 1);
      chart.verticalMarker(report.farTarget(),
          String.format(Locale.ROOT, "VAL@FAR=%.0e: %.4f", report.farTarget(), report.valMean()), LineChart.orange());
      chart.curve(report.roc().stream().map(p -> new double[] {p.falsePositiveRate(), p.truePositiveRate()}).toList(),
          blue(), 2);
      chart.title(String.format(Locale.ROOT, "LFW ROC (%d folds): accuracy %.4f +/- %.4f, AUC %.4f",
          report.folds().size(), report.accuracyMean(), report.accuracyStd(), report.auc()));
      chart.write(png);
    }
  }

  /** A random classifier: TPR = FPR, a curve on a log axis. */
  private static List<double[]> chanceLine() {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      double fpr = Math.pow(10, RocCurve.MIN_LOG_FPR * (1 - i / 100.0));
      points.add(new double[] {fpr, fpr});
    }
    return points;
  }

  /** The curve colour, BGR. */
  static Scalar blue() {
    return LineChart.blue();
  }
}
