package io.faceengine.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.faceengine.core.eval.ProbeResult.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How eval identify counts probes answered low_quality: a miss when mated, a rejection when not,
 * and apart, with what their candidates would have given.
 */
class QualityGateReportTest {
  private static ProbeResult probe(boolean mated, String label, String best, double distance, String... reasons) {
    return new ProbeResult(mated, label, List.of(new Candidate(best, distance)), List.of(reasons));
  }

  @Test
  void lowQualityAnswersAreMissesOrRejectionsAndCountedApart() {
    List<ProbeResult> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(probe(true, "p" + i, "p" + i, 0.1)); // hits
    }
    results.add(probe(true, "a", "a", 0.1, "blurred")); // a hit the gate turns into a miss
    results.add(probe(true, "b", "x", 0.2, "small_face")); // would have been a wrong name
    for (int i = 0; i < 99; i++) {
      results.add(probe(false, "n" + i, "p0", 0.9)); // strangers, far
    }
    results.add(probe(false, "s", "p1", 0.05, "roll")); // a stranger the gate keeps from a false alarm

    IdentificationReport gated = IdentificationMetrics.evaluate(results, 0.01, 0.5);
    assertEquals(0.8, gated.rank1(), 1e-9, "low_quality mated probes are misses at rank 1");
    assertEquals(0.2, gated.fnirAtFpir(), 1e-9);
    assertEquals(0.0, gated.fpirAtModelThreshold(), 1e-9, "the gated stranger is no false alarm");
    assertFalse(results.get(8).foundWithin(1));

    QualityGateReport report = QualityGateReport.of(results, gated, 3);
    assertEquals(3, report.galleryLowQuality());
    assertEquals(2, report.matedLowQuality());
    assertEquals(1, report.nonMatedLowQuality());
    assertEquals(1, report.matedLowQualityRank1());
    assertEquals(1, report.matedLowQualityHitsAtThreshold());
    assertEquals(1, report.nonMatedLowQualityFalseAlarms(), "the stranger at 0.05 would have been accepted");
    assertEquals(0.9, report.ungated().rank1(), 1e-9);
    assertEquals(0.01, report.ungated().fpirAtModelThreshold(), 1e-9);
    assertEquals(0.0, report.fnirOfPassedProbes(), 1e-9);
  }
}
