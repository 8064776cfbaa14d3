package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.detect.BoundingBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The open-set decision rule. */
class DecisionTest {
  private static Candidate candidate(String id, String label, float distance) {
    return new Candidate(id, label, "file:/x.jpg", null, new BoundingBox(0, 0, 1, 1), distance,
        1 - distance * distance / 2);
  }

  @Test
  void theBestCandidateWithinTheThresholdIsTheIdentity() {
    Decision d = Decision.of(List.of(candidate("f1", "Ann", 0.30f), candidate("f2", "Bob", 0.35f)), 0.4f);
    assertTrue(d.known());
    assertEquals("Ann", d.identity());
    assertEquals("f1", d.faceId());
    assertEquals(0.30f, d.distance());
  }

  @Test
  void beyondTheThresholdOrAtItIsUnknown() {
    Decision beyond = Decision.of(List.of(candidate("f1", "Ann", 0.45f)), 0.4f);
    assertFalse(beyond.known());
    assertEquals(Decision.UNKNOWN, beyond.identity());
    assertNull(beyond.faceId());
    assertEquals(0.45f, beyond.distance());
    assertFalse(Decision.of(List.of(candidate("f1", "Ann", 0.4f)), 0.4f).known(), "the threshold itself is out");
  }

  @Test
  void noCandidateIsUnknownAndAnUnlabelledMatchIsNamedByItsFaceId() {
    Decision none = Decision.of(List.of(), 0.4f);
    assertFalse(none.known());
    assertNull(none.distance());
    Decision byFaceId = Decision.of(List.of(candidate("f9", null, 0.1f)), 0.4f);
    assertEquals("f9", byFaceId.identity());
    assertEquals(Decision.FROM_FACE_ID, byFaceId.identitySource());
    assertEquals(Candidate.FROM_LABEL, Decision.of(List.of(candidate("f1", "Ann", 0.1f)), 0.4f).identitySource());
  }

  @Test
  void anUnlabelledFaceOfANamedClusterIsKnownByTheClustersName() {
    Candidate clustered = candidate("f9", null, 0.1f).withClusterName("Ada Lovelace");
    assertEquals("Ada Lovelace", clustered.identity());
    assertEquals(Candidate.FROM_CLUSTER, clustered.identitySource());
    Decision d = Decision.of(List.of(clustered), 0.4f);
    assertEquals("Ada Lovelace", d.identity());
    assertEquals(Candidate.FROM_CLUSTER, d.identitySource());
    assertEquals("f9", d.faceId());
    Decision beyond = Decision.of(List.of(candidate("f9", null, 0.5f).withClusterName("Ada Lovelace")), 0.4f);
    assertEquals(Decision.UNKNOWN, beyond.identity());
    assertNull(beyond.identitySource());
  }
}
