package io.faceengine.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {
  private record Hit(String id, float score) {}

  private static final Comparator<Hit> BEST_FIRST = Comparator.comparingDouble((Hit h) -> -h.score())
      .thenComparing(Hit::id);

  /** Merging each shard's top k, in any order and grouping, gives the top k of all hits sorted globally. */
  @Test
  void mergingShardListsEqualsAGlobalSort() {
    long seed = System.nanoTime();
    System.out.println("TopKTest seed " + seed);
    Random random = new Random(seed);
    for (int trial = 0; trial < 300; trial++) {
      int k = 1 + random.nextInt(12);
      List<Hit> all = new ArrayList<>();
      List<List<Hit>> shards = new ArrayList<>();
      for (int shard = 0, n = 1 + random.nextInt(6); shard < n; shard++) {
        List<Hit> inShard = new ArrayList<>();
        for (int i = random.nextInt(30); i > 0; i--) {
          // Few distinct scores: ties are frequent and must be broken by id.
          inShard.add(new Hit("face-" + shard + "-" + i, random.nextInt(8) / 8f));
        }
        all.addAll(inShard);
        shards.add(TopK.of(k, inShard, Hit::id, BEST_FIRST));
      }
      Collections.shuffle(shards, random);
      // Pairwise, as Spark's reduceByKey does, and all at once, as the router does.
      List<Hit> pairwise = shards.stream()
          .reduce((a, b) -> TopK.of(k, concat(a, b), Hit::id, BEST_FIRST)).orElseThrow();
      List<Hit> atOnce = TopK.of(k, shards.stream().flatMap(List::stream).toList(), Hit::id, BEST_FIRST);
      all.sort(BEST_FIRST);
      List<Hit> expected = all.subList(0, Math.min(k, all.size()));
      assertEquals(expected, pairwise, "seed " + seed + ", trial " + trial);
      assertEquals(expected, atOnce, "seed " + seed + ", trial " + trial);
    }
  }

  @Test
  void anItemListedTwiceIsKeptOnceAtItsBest() {
    Hit a = new Hit("a", 0.9f);
    Hit b = new Hit("b", 0.8f);
    Hit worseA = new Hit("a", 0.1f);
    assertEquals(List.of(a, b), TopK.of(3, List.of(worseA, b, a, a), Hit::id, BEST_FIRST));
  }

  @Test
  void equalScoresRankByKeyAndKMustBePositive() {
    Hit x = new Hit("x", 0.5f);
    Hit y = new Hit("y", 0.5f);
    assertEquals(List.of(x), TopK.of(1, List.of(y, x), Hit::id, BEST_FIRST));
    assertEquals(List.of(), TopK.of(1, List.<Hit>of(), Hit::id, BEST_FIRST));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TopK.of(0, List.of(x), Hit::id, BEST_FIRST));
    assertEquals("k must be >= 1, got 0", e.getMessage());
  }

  private static List<Hit> concat(List<Hit> a, List<Hit> b) {
    List<Hit> both = new ArrayList<>(a);
    both.addAll(b);
    return both;
  }
}
