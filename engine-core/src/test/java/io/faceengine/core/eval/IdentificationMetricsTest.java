package io.faceengine.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.eval.ProbeResult.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentificationMetricsTest {
  private static final double MODEL_THRESHOLD = 0.4015;

  /**
   * 4 mated probes (right at 0.2, right at 0.5, wrong person first, nothing found) and 100 non-mated
   * probes at 0.31, 0.32, ... 1.30: one of them may be accepted, so the threshold is just below 0.32.
   */
  @Test
  void handBuiltResults() {
    List<ProbeResult> results = new ArrayList<>();
    results.add(mated("A", hit("A", 0.2), hit("X", 0.7)));
    results.add(mated("B", hit("B", 0.5)));
    results.add(mated("C", hit("Y", 0.1), hit("C", 0.15)));
    results.add(new ProbeResult(true, "D", List.of()));
    for (int i = 1; i <= 100; i++) {
      results.add(nonMated(0.30 + 0.01 * i));
    }
    IdentificationReport report = IdentificationMetrics.evaluate(results, 0.01, MODEL_THRESHOLD);
    assertEquals(4, report.matedProbes());
    assertEquals(100, report.nonMatedProbes());
    assertEquals(0.5, report.rank1(), 1e-12, "A and B have their person first; C's is second");
    assertEquals(Math.nextDown(0.30 + 0.01 * 2), report.thresholdAtFpir(), 0);
    assertEquals(0.01, report.fpirAtThreshold(), 1e-12);
    assertEquals(0.75, report.fnirAtFpir(), 1e-12, "only A is first and within the threshold");
    assertEquals(0.10, report.fpirAtModelThreshold(), 1e-12, "0.31 .. 0.40 are within 0.4015");
    assertEquals(0.75, report.fnirAtModelThreshold(), 1e-12, "B at 0.5 is beyond 0.4015");
    assertEquals("rank-1: 0.5000 FNIR@FPIR=0.01: 0.7500", report.line());
    assertTrue(report.summary().endsWith(report.line()), report.summary());
  }

  /** Rank-1 counts the right person first at any distance: NIST's rank-1 has no threshold. */
  @Test
  void rank1IgnoresTheThreshold() {
    List<ProbeResult> results = List.of(mated("A", hit("A", 1.5)), mated("B", hit("B", 0.1)), nonMated(0.05));
    IdentificationReport report = IdentificationMetrics.evaluate(results, 0.01, MODEL_THRESHOLD);
    assertEquals(1.0, report.rank1(), 1e-12);
    assertEquals(0.0, report.fpirAtThreshold(), 1e-12, "one non-mated probe: none may be accepted");
    assertEquals(1.0, report.fnirAtFpir(), 1e-12, "both beyond a threshold just below 0.05");
    assertEquals(0.5, report.fnirAtModelThreshold(), 1e-12);
  }

  /**
   * Non-mated distances tied at the boundary: accepting one of them accepts all three, which would
   * exceed FPIR 0.01, so none is; a mated probe at exactly that distance is then a miss.
   */
  @Test
  void tiesNeverPushFpirAboveTheTarget() {
    List<ProbeResult> results = new ArrayList<>();
    results.add(mated("A", hit("A", 0.3)));
    results.add(mated("B", hit("B", 0.29)));
    for (int i = 0; i < 100; i++) {
      results.add(nonMated(i < 3 ? 0.3 : 0.9));
    }
    IdentificationReport report = IdentificationMetrics.evaluate(results, 0.01, MODEL_THRESHOLD);
    assertEquals(Math.nextDown(0.3), report.thresholdAtFpir(), 0);
    assertEquals(0.0, report.fpirAtThreshold(), 1e-12);
    assertEquals(0.5, report.fnirAtFpir(), 1e-12, "A at 0.3 is just beyond the threshold, B within");
    assertEquals(0.03, report.fpirAtModelThreshold(), 1e-12);
  }

  /** 0.01 x 300 allows 3 false positives, despite 0.01 * 300 being 2.9999999999999996 in doubles. */
  @Test
  void theAllowedCountIsNotLostToRounding() {
    List<ProbeResult> results = new ArrayList<>();
    results.add(mated("A", hit("A", 0.1)));
    for (int i = 1; i <= 300; i++) {
      results.add(nonMated(i / 1000.0));
    }
    IdentificationReport report = IdentificationMetrics.evaluate(results, 0.01, MODEL_THRESHOLD);
    assertEquals(Math.nextDown(0.004), report.thresholdAtFpir(), 0);
    assertEquals(0.01, report.fpirAtThreshold(), 1e-12);
  }

  /** Without non-mated probes FPIR is undefined: so are the threshold and FNIR at it; rank-1 is not. */
  @Test
  void noNonMatedProbes() {
    IdentificationReport report = IdentificationMetrics.evaluate(
        List.of(mated("A", hit("A", 0.2)), mated("B", hit("C", 0.2))), 0.01, MODEL_THRESHOLD);
    assertEquals(0.5, report.rank1(), 1e-12);
    assertEquals(0, report.nonMatedProbes());
    assertTrue(Double.isNaN(report.thresholdAtFpir()) && Double.isNaN(report.fnirAtFpir())
        && Double.isNaN(report.fpirAtThreshold()) && Double.isNaN(report.fpirAtModelThreshold()));
    assertEquals(0.5, report.fnirAtModelThreshold(), 1e-12);
    assertEquals("rank-1: 0.5000 FNIR@FPIR=0.01: n/a", report.line());
  }

  /** Every probe fails: wrong persons first, and strangers matched closely. */
  @Test
  void allProbesFailing() {
    List<ProbeResult> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(mated("P" + i, hit("Q" + i, 0.1)));
      results.add(nonMated(0.05));
    }
    IdentificationReport report = IdentificationMetrics.evaluate(results, 0.01, MODEL_THRESHOLD);
    assertEquals(0.0, report.rank1());
    assertEquals(1.0, report.fnirAtFpir());
    assertEquals(0.0, report.fpirAtThreshold(), "10 non-mated probes: none may be accepted");
    assertEquals(1.0, report.fpirAtModelThreshold());
    assertEquals(1.0, report.fnirAtModelThreshold());
    assertEquals("rank-1: 0.0000 FNIR@FPIR=0.01: 1.0000", report.line());
  }

  /** Strangers without a detected face are never accepted: every threshold keeps FPIR at 0. */
  @Test
  void nonMatedProbesWithoutCandidatesAreCorrectRejections() {
    List<ProbeResult> results = new ArrayList<>();
    results.add(mated("A", hit("A", 1.9)));
    for (int i = 0; i < 200; i++) {
      results.add(new ProbeResult(false, "S" + i, List.of()));
    }
    IdentificationReport report = IdentificationMetrics.evaluate(results, 0.01, MODEL_THRESHOLD);
    assertEquals(0.0, report.fpirAtThreshold());
    assertEquals(0.0, report.fnirAtFpir(), "the threshold is as large as a double gets");
    assertEquals(0.0, report.fpirAtModelThreshold());
    assertEquals(1.0, report.fnirAtModelThreshold());
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> mated("A", hit("A", 0.5), hit("B", 0.4)),
        "candidates out of order");
    assertThrows(IllegalArgumentException.class, () -> hit("A", Double.NaN));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdentificationMetrics.evaluate(List.of(nonMated(0.3)), 0.01, MODEL_THRESHOLD));
    assertTrue(e.getMessage().contains("none mated"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> IdentificationMetrics.evaluate(List.of(mated("A", hit("A", 0.1))), 1.0, MODEL_THRESHOLD));
  }

  private static ProbeResult mated(String label, Candidate... candidates) {
    return new ProbeResult(true, label, List.of(candidates));
  }

  private static ProbeResult nonMated(double distance) {
    return new ProbeResult(false, "stranger", List.of(hit("someone", distance)));
  }

  private static Candidate hit(String label, double distance) {
    return new Candidate(label, distance);
  }
}
