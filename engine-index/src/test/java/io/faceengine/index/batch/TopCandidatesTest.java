package io.faceengine.index.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceengine.core.compare.DistanceMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopCandidatesTest {
  /** Merging each shard's top k, in any order, gives the top k of all candidates sorted globally. */
  @Test
  void mergingShardListsEqualsAGlobalSort() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      int k = 1 + random.nextInt(12);
      List<Candidate> all = new ArrayList<>();
      List<TopCandidates> shards = new ArrayList<>();
      for (int shard = 0, n = 1 + random.nextInt(6); shard < n; shard++) {
        List<Candidate> inShard = new ArrayList<>();
        for (int i = random.nextInt(30); i > 0; i--) {
          // Few distinct scores: ties are frequent and must be broken by face id.
          inShard.add(new Candidate("face-" + shard + "-" + i, null, "uri", random.nextInt(8) / 8f));
        }
        all.addAll(inShard);
        shards.add(TopCandidates.of(k, inShard));
      }
      Collections.shuffle(shards, random);
      TopCandidates merged = shards.stream().reduce(TopCandidates::merge).orElseThrow();
      all.sort(Candidate.BEST_FIRST);
      assertEquals(all.subList(0, Math.min(k, all.size())), merged.ranked(), "seed " + seed + ", trial " + trial);
    }
  }

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
