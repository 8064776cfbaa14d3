package io.faceengine.core.eval;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.eval.IdentificationCurves.CmcPoint;
import io.faceengine.core.eval.IdentificationCurves.DetPoint;
import io.faceengine.core.eval.ProbeResult.Candidate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentificationCurvesTest {
  @TempDir Path dir;

  /**
   * Mated probes: A first (0.2), B first (0.5), C second behind Y, D third behind two faces of Y
   * and one of Z (Y counts once: person rank 3), E not returned, F without a face.
   */
  private static List<ProbeResult> handMade() {
    List<ProbeResult> results = new ArrayList<>();
    results.add(mated("A", c("A", 0.2), c("X", 0.7)));
    results.add(mated("B", c("B", 0.5)));
    results.add(mated("C", c("Y", 0.1), c("C", 0.15)));
    results.add(mated("D", c("Y", 0.3), c("Y", 0.31), c("Z", 0.32), c("D", 0.4)));
    results.add(mated("E", c("Q", 0.6)));
    results.add(new ProbeResult(true, "F", List.of()));
    // Non-mated: 0.35, 0.45, 0.55, 0.65, and one without a face.
    for (double d : new double[] {0.35, 0.45, 0.55, 0.65}) {
      results.add(new ProbeResult(false, "N" + d, List.of(c("A", d))));
    }
    results.add(new ProbeResult(false, "NoFace", List.of()));
    return results;
  }

  @Test
  void cmcCountsPersonsNotFaces() {
    List<CmcPoint> cmc = IdentificationCurves.cmc(handMade(), 5);

    assertEquals(List.of(new CmcPoint(1, 2 / 6.0), new CmcPoint(2, 3 / 6.0), new CmcPoint(3, 4 / 6.0),
        new CmcPoint(4, 4 / 6.0), new CmcPoint(5, 4 / 6.0)), cmc);
    // Rank 1 is the report's rank-1.
    assertEquals(IdentificationMetrics.evaluate(handMade(), 0.2, 0.4).rank1(), cmc.getFirst().identificationRate());
    assertThrows(IllegalArgumentException.class, () -> IdentificationCurves.cmc(handMade(), 0));
    assertThrows(IllegalArgumentException.class,
        () -> IdentificationCurves.cmc(List.of(new ProbeResult(false, "N", List.of())), 3));
  }

  /**
   * Only A (0.2) and B (0.5) are identified at some threshold (top candidate right): the rates change
   * at 0.2, 0.5 and the non-mated 0.35, 0.45, 0.55, 0.65, not at the wrong persons' 0.1, 0.3, 0.6.
   * FNIR never goes below 4/6; FPIR never reaches the faceless non-mated probe.
   */
  @Test
  void detSweepsTheThresholdOverEveryBestDistance() {
    List<DetPoint> det = IdentificationCurves.det(handMade());

    assertEquals(List.of(
        new DetPoint(0.2, 0, 5 / 6.0),
        new DetPoint(0.35, 0.2, 5 / 6.0),
        new DetPoint(0.45, 0.4, 5 / 6.0),
        new DetPoint(0.5, 0.4, 4 / 6.0),
        new DetPoint(0.55, 0.6, 4 / 6.0),
        new DetPoint(0.65, 0.8, 4 / 6.0)), det);
  }

  @Test
  void detAgreesWithTheMetricsAtTheirThreshold() {
    List<ProbeResult> results = handMade();
    IdentificationReport report = IdentificationMetrics.evaluate(results, 0.25, 0.4);
    DetPoint at = IdentificationCurves.det(results).stream()
        .filter(p -> p.threshold() <= report.thresholdAtFpir()).reduce((a, b) -> b).orElseThrow();
    assertEquals(report.fpirAtThreshold(), at.fpir(), 1e-12);
    assertEquals(report.fnirAtFpir(), at.fnir(), 1e-12);
  }

  @Test
  void detIsEmptyWithoutNonMatedProbes() {
    assertEquals(List.of(), IdentificationCurves.det(List.of(mated("A", c("A", 0.2)))));
  }

  @Test
  void thinningKeepsTheEndsAndVisibleSteps() {
    List<DetPoint> dense = new ArrayList<>();
    for (int i = 0; i <= 10_000; i++) {
      dense.add(new DetPoint(i, i / 10_000.0, 1 - i / 10_000.0));
    }
    List<DetPoint> thin = IdentificationCurves.thinned(dense, 100);
    assertEquals(dense.getFirst(), thin.getFirst());
    assertEquals(dense.getLast(), thin.getLast());
    assertTrue(thin.size() < 500, "points kept: " + thin.size());
    assertTrue(thin.size() > 100, "points kept: " + thin.size());
  }

  @Test
  void drawsBothCurves() throws Exception {
    List<ProbeResult> results = handMade();
    IdentificationCurves curves = IdentificationCurves.of(results, 10);
    IdentificationReport report = IdentificationMetrics.evaluate(results, 0.01, 0.4);
    Path cmc = dir.resolve("cmc.png");
    Path det = dir.resolve("det.png");

    new IdentificationPlots().writeCmc(curves, cmc);
    new IdentificationPlots().writeDet(curves, report, det);

    for (Path png : List.of(cmc, det)) {
      try (Mat image = imread(png.toString())) {
        assertFalse(image.empty(), png + " decodes");
        assertEquals(RocPlot.DEFAULT_WIDTH, image.cols());
        assertTrue(RocPlotTest.curvePixels(image) > 200, png + ": curve pixels " + RocPlotTest.curvePixels(image));
      }
    }
  }

  private static ProbeResult mated(String label, Candidate... candidates) {
    return new ProbeResult(true, label, List.of(candidates));
  }

  private static Candidate c(String label, double distance) {
    return new Candidate(label, distance);
  }
}
