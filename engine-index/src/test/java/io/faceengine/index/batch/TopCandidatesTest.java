package io.faceengine.index.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceengine.core.compare.DistanceMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search-batch's top-k values (the merge itself: TopKTest) and its decisions. */
class TopCandidatesTest {
  @Test
  void aFaceListedTwiceIsKeptOnce() {
    Candidate a = new Candidate("a", "A", "uri-a", 0.9f);
    Candidate b = new Candidate("b", "B", "uri-b", 0.8f);
    TopCandidates merged = TopCandidates.of(3, List.of(a, b)).merge(TopCandidates.of(3, List.of(a)));
    assertEquals(List.of(a, b), merged.ranked());
    assertThrows(IllegalArgumentException.class, () -> TopCandidates.of(2, List.of()).merge(TopCandidates.of(3,
        List.of())));
  }

  /** Identified within the threshold by the best candidate's label (or face id without one), else unknown. */
  @Test
  void decisions() {
    MatchRows rows = new MatchRows(DistanceMetric.EUCLIDEAN, 0.4f);
    float within = 1f - 0.39f * 0.39f / 2; // distance 0.39
    float beyond = 1f - 0.41f * 0.41f / 2;
    assertEquals("Ann", rows.decision(new Candidate("f1", "Ann", "u", within)));
    assertEquals("f1", rows.decision(new Candidate("f1", null, "u", within)));
    assertEquals(MatchRows.UNKNOWN, rows.decision(new Candidate("f1", "Ann", "u", beyond)));
  }
}
