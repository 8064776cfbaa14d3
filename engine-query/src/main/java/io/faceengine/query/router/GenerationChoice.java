package io.faceengine.query.router;

import io.faceengine.query.rpc.GenerationStatus;
import io.faceengine.query.rpc.ShardStatus;
import io.faceengine.query.rpc.StatusResponse;
import io.faceengine.query.shard.ShardMessages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The generation a router searches after one round of shard server statuses, and what to say about
 * it. A generation is servable when each of its shards is ready on at least one server (servers
 * hosting the same shard are its replicas) and the servers agree on its shape. The choice is the
 * newest servable generation some server calls current, else the one searched until now if still
 * servable, else the newest servable one.
 *
 * @param active the generation to search; when none is servable, the previous one (its shards' ready
 *     servers as reported now), or empty
 * @param problem why nothing is servable, or empty when a generation is
 * @param waiting which newer generation the servers call current but cannot be searched yet, and why;
 *     empty when none
 * @param inconsistency the generations whose servers disagree on their shape, or empty
 */
record GenerationChoice(Optional<ActiveGeneration> active, String problem, String waiting, String inconsistency) {

  /**
   * @param statuses every shard server's answer, in configuration order; empty for a server that did
   *     not answer (its shards are served by others, or counted as not ready)
   * @param previous the generation searched until now
   */
  static GenerationChoice choose(List<Optional<StatusResponse>> statuses, Optional<ActiveGeneration> previous) {
    Map<Long, GenerationStatus> described = new HashMap<>();
    // For each generation, for each of its shards, the servers that have it ready.
    Map<Long, List<List<Integer>>> readiness = new HashMap<>();
    Set<Long> reportedCurrent = new HashSet<>();
    Map<Long, Map<Integer, Long>> docs = new HashMap<>();
    // Generations whose servers disagree on its shape (e.g. a server pointed at another index root).
    Set<Long> inconsistent = new TreeSet<>();
    for (int server = 0; server < statuses.size(); server++) {
      if (statuses.get(server).isEmpty()) {
        continue;
      }
      StatusResponse status = statuses.get(server).get();
      if (status.getCurrent() > 0) {
        reportedCurrent.add(status.getCurrent());
      }
      for (GenerationStatus gen : status.getReadyList()) {
        if (gen.getShardCount() < 1) {
          continue;
        }
        GenerationStatus first = described.putIfAbsent(gen.getGeneration(), gen);
        if (first != null && (first.getShardCount() != gen.getShardCount()
            || first.getDimension() != gen.getDimension() || !first.getModelId().equals(gen.getModelId()))) {
          inconsistent.add(gen.getGeneration());
          continue;
        }
        List<List<Integer>> shards = readiness.computeIfAbsent(gen.getGeneration(),
            g -> emptyReadiness(described.get(g).getShardCount()));
        for (ShardStatus hosted : gen.getShardsList()) {
          if (hosted.getShard() >= 0 && hosted.getShard() < shards.size()) {
            shards.get(hosted.getShard()).add(server);
            docs.computeIfAbsent(gen.getGeneration(), g -> new HashMap<>()).put(hosted.getShard(), hosted.getDocs());
          }
        }
      }
    }
    Set<Long> servable = new TreeSet<>();
    readiness.forEach((gen, shards) -> {
      if (shards.stream().noneMatch(List::isEmpty) && !inconsistent.contains(gen)) {
        servable.add(gen);
      }
    });
    String inconsistency = inconsistent.isEmpty() ? "" : "shard servers disagree on the shard count, dimension or"
        + " model of " + inconsistent.stream().map(g -> "gen-" + g).toList() + " (do they serve the same index root?):"
        + " not searched";

    long chosen = servable.stream().filter(reportedCurrent::contains).mapToLong(Long::longValue).max()
        .orElse(previous.map(ActiveGeneration::generation).filter(servable::contains)
            .orElse(servable.stream().mapToLong(Long::longValue).max().orElse(-1)));
    if (chosen < 0) {
      // Nothing servable: keep the old choice (its calls fail and are reported partial).
      Optional<ActiveGeneration> kept = previous.map(p -> {
        List<List<Integer>> now = readiness.get(p.generation());
        return new ActiveGeneration(p.generation(), p.shardCount(), p.dimension(), p.modelId(),
            now != null && now.size() == p.shardCount() ? now : emptyReadiness(p.shardCount()), p.docs(),
            p.calibration(), p.templates());
      });
      return new GenerationChoice(kept, "no generation has every one of its shards ready on some shard server ("
          + describe(described, readiness) + ")", "", inconsistency);
    }
    GenerationStatus status = described.get(chosen);
    ActiveGeneration active = new ActiveGeneration(chosen, status.getShardCount(), status.getDimension(),
        status.getModelId(), readiness.get(chosen), docs.get(chosen).values().stream().mapToLong(Long::longValue).sum(),
        status.hasCalibration() ? ShardMessages.calibration(status.getCalibration()) : null, status.getTemplates());
    return new GenerationChoice(Optional.of(active), "", waiting(chosen, reportedCurrent, readiness), inconsistency);
  }

  /** Which newer generation the shard servers call current but cannot be searched yet, and why; or empty. */
  private static String waiting(long chosen, Set<Long> reportedCurrent, Map<Long, List<List<Integer>>> readiness) {
    long newest = reportedCurrent.stream().mapToLong(Long::longValue).max().orElse(-1);
    if (newest <= chosen) {
      return "";
    }
    List<List<Integer>> shards = readiness.get(newest);
    String why = shards == null
        ? "gen-" + newest + " is CURRENT but no shard server has opened it yet"
        : "gen-" + newest + " is CURRENT but shards " + missing(shards) + " of its " + shards.size()
            + " are ready on no shard server (still opening, or hosted by none)";
    return why + "; still searching gen-" + chosen;
  }

  private static List<Integer> missing(List<List<Integer>> shards) {
    List<Integer> missing = new ArrayList<>();
    for (int shard = 0; shard < shards.size(); shard++) {
      if (shards.get(shard).isEmpty()) {
        missing.add(shard);
      }
    }
    return missing;
  }

  private static List<List<Integer>> emptyReadiness(int shardCount) {
    List<List<Integer>> shards = new ArrayList<>();
    for (int i = 0; i < shardCount; i++) {
      shards.add(new ArrayList<>());
    }
    return shards;
  }

  private static String describe(Map<Long, GenerationStatus> described, Map<Long, List<List<Integer>>> readiness) {
    List<String> parts = new ArrayList<>();
    readiness.forEach((gen, shards) -> parts.add("gen-" + gen + ": "
        + shards.stream().filter(r -> !r.isEmpty()).count() + " of " + described.get(gen).getShardCount()
        + " shards ready"));
    return parts.isEmpty() ? "no shard server reachable or none has a generation open" : String.join(", ", parts);
  }
}
