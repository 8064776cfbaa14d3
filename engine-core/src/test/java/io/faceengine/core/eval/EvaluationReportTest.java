package io.faceengine.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 6000 pairs shaped like LFW: 10 folds of 300 + 300, overlapping Gaussian distances, 3 missing. */
  static EvaluationReport lfwSizedReport() {
    Random random = new Random(42);
    List<ScoredPair> pairs = new ArrayList<>();
    for (int fold = 0; fold < 10; fold++) {
      for (int i = 0; i < 600; i++) {
        boolean same = i < 300;
        pairs.add(ScoredPair.scored(fold, same, (same ? 0.8 : 1.4) + 0.15 * random.nextGaussian()));
      }
    }
    pairs.set(7, ScoredPair.missing(0, true));
    pairs.set(4000, ScoredPair.missing(6, true));
    pairs.set(5999, ScoredPair.missing(9, false));
    return new LfwProtocol().evaluate(pairs);
  }

  @Test
  void roundTripsThroughJackson() throws Exception {
    EvaluationReport report = lfwSizedReport();

    String json = JSON.writeValueAsString(report);
    EvaluationReport back = JSON.readValue(json, EvaluationReport.class);

    assertEquals(report, back);
    JsonNode tree = JSON.readTree(json);
    assertEquals("COUNT_AS_WRONG", tree.get("missingPolicy").asText());
    assertEquals(2, tree.get("missingSamePairs").asInt());
    assertEquals(1, tree.get("missingDifferentPairs").asInt());
    assertEquals(6000, tree.get("pairs").asInt());
    assertEquals(10, tree.get("folds").size());
    assertEquals(report.folds().get(3).accuracy(), tree.get("folds").get(3).get("accuracy").asDouble());
    assertEquals(report.accuracyStd(), tree.get("accuracyStd").asDouble());
    assertEquals(report.roc().size(), tree.get("roc").size());
    assertTrue(tree.get("roc").get(1).has("falsePositiveRate"));
  }

  @Test
  void rocIsThinnedToAFewHundredMonotonePointsThatKeepTheArea() {
    EvaluationReport report = lfwSizedReport();
    List<RocPoint> roc = report.roc();

    assertTrue(roc.size() >= 100 && roc.size() <= 302, "ROC points: " + roc.size());
    assertEquals(new RocPoint(0, 0), roc.getFirst());
    assertEquals(new RocPoint(1, 1), roc.getLast());
    double area = 0;
    for (int i = 1; i < roc.size(); i++) {
      RocPoint a = roc.get(i - 1);
      RocPoint b = roc.get(i);
      assertTrue(b.falsePositiveRate() >= a.falsePositiveRate() && b.truePositiveRate() >= a.truePositiveRate(), "at " + i);
      area += (b.falsePositiveRate() - a.falsePositiveRate()) * (a.truePositiveRate() + b.truePositiveRate()) / 2;
    }
    assertEquals(report.auc(), area, 0.002);
    // Thinning must keep the low-FPR end a log axis shows: points below FPR 1e-2.
    assertTrue(roc.stream().filter(p -> p.falsePositiveRate() > 0 && p.falsePositiveRate() < 1e-2).count() >= 5);
  }

  @Test
  void summaryEndsWithTheAccuracyLine() {
    EvaluationReport report = lfwSizedReport();
    String[] lines = report.toString().split("\n");

    String expected = String.format(java.util.Locale.ROOT, "LFW accuracy: %.4f ± %.4f", report.accuracyMean(), report.accuracyStd());
    assertEquals(expected, lines[lines.length - 1]);
    assertTrue(lines[lines.length - 1].matches("LFW accuracy: 0\\.\\d{4} ± 0\\.\\d{4}"), lines[lines.length - 1]);
    assertTrue(report.summary().contains("VAL@FAR=1e-03"), report.summary());
    assertEquals(10 + 7, lines.length);
  }
}
