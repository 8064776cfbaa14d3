package io.faceengine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardAssignerTest {
  @Test
  void theSameIdAlwaysGoesToTheSameShard() {
    long seed = System.nanoTime();
    System.out.println("ShardAssignerTest seed: " + seed);
    Random random = new Random(seed);
    ShardAssigner first = new ShardAssigner(7);
    ShardAssigner second = new ShardAssigner(7);
    for (int i = 0; i < 10_000; i++) {
      String id = randomFaceId(random);
      int shard = first.shardOf(id);
      assertTrue(shard >= 0 && shard < 7, id + " -> " + shard);
      assertEquals(shard, first.shardOf(id), "seed " + seed + ": stable across calls for " + id);
      assertEquals(shard, second.shardOf(new String(id.toCharArray())), "seed " + seed + ": stable across instances");
    }
  }

  /**
   * The function is part of the on-disk format: these values must never change. They were checked
   * against an independent implementation of FNV-1a 64 + fmix64 (a few lines of Python).
   */
  @Test
  void knownIdsKeepTheirShards() {
    assertEquals(0x26d521498b2056f3L, ShardAssigner.hash("0123456789abcdef0123456789abcdef"));
    assertEquals(0xad88615e7aeb3836L, ShardAssigner.hash("face-1"));
    ShardAssigner four = new ShardAssigner(4);
    assertEquals(3, four.shardOf("0123456789abcdef0123456789abcdef"));
    assertEquals(2, four.shardOf("face-1"));
  }

  /**
   * 10,000 random ids per shard: each shard's count is within 6 binomial standard deviations of
   * 10,000 (about ±600; a fair hash fails this once in 10^7 runs, a skewed one at once).
   */
  @Test
  void shardsAreRoughlyUniform() {
    for (int shards : new int[] {1, 4, 7, 64}) {
      long seed = System.nanoTime();
      System.out.println("ShardAssignerTest uniformity seed: " + seed + ", shards " + shards);
      Random random = new Random(seed);
      ShardAssigner assigner = new ShardAssigner(shards);
      int perShard = 10_000;
      int[] counts = new int[shards];
      for (int i = 0; i < perShard * shards; i++) {
        counts[assigner.shardOf(randomFaceId(random))]++;
      }
      double sigma = Math.sqrt(perShard * (1 - 1.0 / shards));
      for (int shard = 0; shard < shards; shard++) {
        assertEquals(perShard, counts[shard], 6 * sigma, "seed " + seed + ", shard " + shard + " of " + shards);
      }
    }
  }

  /** Sequential, similar ids (not hashes) spread too: the finaliser mixes the last characters. */
  @Test
  void similarIdsSpreadAcrossShards() {
    ShardAssigner assigner = new ShardAssigner(8);
    int[] counts = new int[8];
    for (int i = 0; i < 8_000; i++) {
      counts[assigner.shardOf("face-" + i)]++;
    }
    for (int count : counts) {
      assertEquals(1_000, count, 100);
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new ShardAssigner(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ShardAssigner(2).shardOf(""));
    assertTrue(e.getMessage().contains("face_id"), e.getMessage());
  }

  private static String randomFaceId(Random random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
