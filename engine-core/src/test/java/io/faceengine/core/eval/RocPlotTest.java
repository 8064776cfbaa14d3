package io.faceengine.core.eval;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocPlotTest {
  /** Kept after the build for a look at the plot. */
  private static final Path SAMPLE = Path.of("target", "roc-sample.png");

  @TempDir Path dir;

  @Test
  void writesAPngOfTheRequestedSizeWithTheCurveDrawn() throws Exception {
    EvaluationReport report = EvaluationReportTest.lfwSizedReport();
    Path png = dir.resolve("nested/roc.png");

    new RocPlot(640, 480).write(report, png);

    assertTrue(Files.size(png) > 0);
    try (Mat image = imread(png.toString())) {
      assertFalse(image.empty(), "the PNG decodes");
      assertEquals(640, image.cols());
      assertEquals(480, image.rows());
      assertEquals(3, image.channels());
      assertTrue(curvePixels(image) > 500, "curve pixels: " + curvePixels(image));
    }
  }

  @Test
  void writesTheDefaultSizedSample() throws Exception {
    new RocPlot().write(EvaluationReportTest.lfwSizedReport(), SAMPLE);

    try (Mat image = imread(SAMPLE.toString())) {
      assertEquals(RocPlot.DEFAULT_WIDTH, image.cols());
      assertEquals(RocPlot.DEFAULT_HEIGHT, image.rows());
    }
  }

  @Test
  void rejectsATinyCanvas() {
    assertThrows(IllegalArgumentException.class, () -> new RocPlot(100, 100));
  }

  /** Pixels of (about) the curve colour: anti-aliasing blends edges, so match loosely. */
  static int curvePixels(Mat image) {
    org.bytedeco.opencv.opencv_core.Scalar curve = RocPlot.blue();
    double[] blue = {curve.get(0), curve.get(1), curve.get(2)};
    int count = 0;
    try (UByteIndexer px = image.createIndexer()) {
      for (int y = 0; y < image.rows(); y++) {
        for (int x = 0; x < image.cols(); x++) {
          if (Math.abs(px.get(y, x, 0) - blue[0]) < 30 && Math.abs(px.get(y, x, 1) - blue[1]) < 30
              && Math.abs(px.get(y, x, 2) - blue[2]) < 30) {
            count++;
          }
        }
      }
    }
    return count;
  }
}
