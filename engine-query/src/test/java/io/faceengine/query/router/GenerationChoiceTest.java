package io.faceengine.query.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.query.rpc.GenerationStatus;
import io.faceengine.query.rpc.ShardStatus;
import io.faceengine.query.rpc.StatusResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The router's switch decision from shard server statuses, without servers. */
class GenerationChoiceTest {
  private static final int DIM = 128;

  @Test
  void switchesToTheCurrentGenerationOnceEachShardIsReadySomewhere() {
    // Two servers, each hosting one of gen-2's two shards; gen-1 is still open on both.
    List<Optional<StatusResponse>> statuses = List.of(
        server(2, gen(1, 2, "m", shard(0, 10), shard(1, 11)), gen(2, 2, "m", shard(0, 20))),
        server(2, gen(1, 2, "m", shard(0, 10), shard(1, 11)), gen(2, 2, "m", shard(1, 21))));
    GenerationChoice choice = GenerationChoice.choose(statuses, Optional.of(active(1, 2)));
    ActiveGeneration now = choice.active().orElseThrow();
    assertEquals(2, now.generation());
    assertEquals(List.of(List.of(0), List.of(1)), now.readyServers());
    assertEquals(41, now.docs());
    assertEquals("", choice.problem());
    assertEquals("", choice.waiting());
  }

  @Test
  void staysOnTheOldGenerationWhileAShardOfTheNewOneIsReadyNowhere() {
    List<Optional<StatusResponse>> statuses = List.of(
        server(2, gen(1, 2, "m", shard(0, 10), shard(1, 11)), gen(2, 2, "m", shard(0, 20))),
        Optional.empty()); // the server hosting gen-2's shard 1 is down; gen-1 is whole on server 0
    GenerationChoice choice = GenerationChoice.choose(statuses, Optional.of(active(1, 2)));
    assertEquals(1, choice.active().orElseThrow().generation());
    assertEquals("gen-2 is CURRENT but shards [1] of its 2 are ready on no shard server (still opening, or hosted"
        + " by none); still searching gen-1", choice.waiting());
    assertEquals("", choice.problem());
  }

  @Test
  void keepsThePreviousGenerationWithNoReadyServersWhenNothingIsServable() {
    List<Optional<StatusResponse>> statuses = List.of(server(1, gen(1, 2, "m", shard(0, 10))), Optional.empty());
    GenerationChoice choice = GenerationChoice.choose(statuses, Optional.of(active(1, 2)));
    ActiveGeneration kept = choice.active().orElseThrow();
    assertEquals(1, kept.generation());
    assertEquals(List.of(List.of(0), List.of()), kept.readyServers());
    assertEquals(1, kept.shardsReady());
    assertEquals("no generation has every one of its shards ready on some shard server (gen-1: 1 of 2 shards ready)",
        choice.problem());
  }

  @Test
  void neverSearchesAGenerationItsServersDisagreeOn() {
    // Server 1 reports gen-3 with another shard count: a server pointed at another index root.
    List<Optional<StatusResponse>> statuses = List.of(
        server(3, gen(3, 1, "m", shard(0, 5)), gen(2, 1, "m", shard(0, 4))),
        server(3, gen(3, 2, "m", shard(0, 6), shard(1, 7))));
    GenerationChoice choice = GenerationChoice.choose(statuses, Optional.empty());
    assertEquals(2, choice.active().orElseThrow().generation());
    assertTrue(choice.inconsistency().contains("[gen-3]"), choice.inconsistency());
  }

  @Test
  void nothingReachableAndNothingBefore() {
    GenerationChoice choice = GenerationChoice.choose(List.of(Optional.empty(), Optional.empty()), Optional.empty());
    assertTrue(choice.active().isEmpty());
    assertEquals("no generation has every one of its shards ready on some shard server (no shard server reachable"
        + " or none has a generation open)", choice.problem());
  }

  @Test
  void prefersTheGenerationSearchedUntilNowOverANewerOneNoServerCallsCurrent() {
    // Both are open, and no server has read a CURRENT (current 0): no reason to switch.
    List<Optional<StatusResponse>> statuses = List.of(
        server(0, gen(1, 1, "m", shard(0, 10)), gen(3, 1, "m", shard(0, 30))));
    GenerationChoice choice = GenerationChoice.choose(statuses, Optional.of(active(1, 1)));
    assertEquals(1, choice.active().orElseThrow().generation());
  }

  private static ActiveGeneration active(long gen, int shards) {
    List<List<Integer>> ready = new java.util.ArrayList<>();
    for (int i = 0; i < shards; i++) {
      ready.add(List.of(0));
    }
    return new ActiveGeneration(gen, shards, DIM, "m", ready, 100, null);
  }

  private static Optional<StatusResponse> server(long current, GenerationStatus... ready) {
    return Optional.of(StatusResponse.newBuilder().setCurrent(current).addAllReady(List.of(ready)).build());
  }

  private static GenerationStatus gen(long gen, int shardCount, String model, ShardStatus... shards) {
    return GenerationStatus.newBuilder().setGeneration(gen).setShardCount(shardCount).setDimension(DIM)
        .setModelId(model).addAllShards(List.of(shards)).build();
  }

  private static ShardStatus shard(int shard, long docs) {
    return ShardStatus.newBuilder().setShard(shard).setDocs(docs).build();
  }
}
