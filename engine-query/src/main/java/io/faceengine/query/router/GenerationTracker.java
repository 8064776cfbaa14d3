package io.faceengine.query.router;

import io.faceengine.query.rpc.GenerationStatus;
import io.faceengine.query.rpc.ShardStatus;
import io.faceengine.query.rpc.StatusRequest;
import io.faceengine.query.rpc.StatusResponse;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the generation a router searches. Every poll interval it asks each shard server which
 * generations it has ready; a generation is servable when each of its shards is ready on at least one
 * replica. The router switches to the generation the shard servers call current as soon as it is
 * servable, and never to one that is not: during a swap, searches go to the old generation until the
 * new one is ready everywhere, so none fails.
 */
final class GenerationTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationTracker.class);

  private final ShardChannels channels;
  private final Duration pollInterval;
  private final Duration statusDeadline;
  private final ScheduledExecutorService poller;
  private volatile Optional<ActiveGeneration> active = Optional.empty();
  private volatile String lastProblem = "";

  GenerationTracker(ShardChannels channels, Duration pollInterval, Duration statusDeadline) {
    this.channels = channels;
    this.pollInterval = pollInterval;
    this.statusDeadline = statusDeadline;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "generation-tracker");
      t.setDaemon(true);
      return t;
    });
  }

  /** Polls once now, then every poll interval in the background. */
  void start() {
    poll();
    long millis = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** The generation searched now; empty until one is servable. */
  Optional<ActiveGeneration> active() {
    return active;
  }

  /** One round of status calls, then the switch decision. */
  void poll() {
    Map<Long, GenerationStatus> described = new HashMap<>();
    // For each generation, for each shard, the replicas that have it ready.
    Map<Long, List<List<Integer>>> readiness = new HashMap<>();
    Set<Long> reportedCurrent = new HashSet<>();
    Map<Long, Map<Integer, Long>> docs = new HashMap<>();
    for (int shard = 0; shard < channels.shards(); shard++) {
      for (int replica = 0; replica < channels.replicas(shard); replica++) {
        StatusResponse status;
        try {
          status = channels.blockingStub(shard, replica)
              .withDeadlineAfter(statusDeadline.toMillis(), TimeUnit.MILLISECONDS)
              .status(StatusRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
          continue; // a replica down: its shard is served by the others, or counted as not ready
        }
        if (status.getCurrent() > 0) {
          reportedCurrent.add(status.getCurrent());
        }
        for (GenerationStatus gen : status.getReadyList()) {
          described.putIfAbsent(gen.getGeneration(), gen);
          for (ShardStatus hosted : gen.getShardsList()) {
            if (hosted.getShard() == shard) {
              readiness.computeIfAbsent(gen.getGeneration(), g -> emptyReadiness()).get(shard).add(replica);
              docs.computeIfAbsent(gen.getGeneration(), g -> new HashMap<>()).put(shard, hosted.getDocs());
            }
          }
        }
      }
    }
    Set<Long> servable = new TreeSet<>();
    readiness.forEach((gen, shards) -> {
      if (described.get(gen).getShardCount() == channels.shards() && shards.stream().noneMatch(List::isEmpty)) {
        servable.add(gen);
      }
    });
    choose(servable, reportedCurrent, described, readiness, docs);
  }

  private void choose(Set<Long> servable, Set<Long> reportedCurrent, Map<Long, GenerationStatus> described,
      Map<Long, List<List<Integer>>> readiness, Map<Long, Map<Integer, Long>> docs) {
    Optional<ActiveGeneration> previous = active;
    long chosen = servable.stream().filter(reportedCurrent::contains).mapToLong(Long::longValue).max()
        .orElse(previous.map(ActiveGeneration::generation).filter(servable::contains)
            .orElse(servable.stream().mapToLong(Long::longValue).max().orElse(-1)));
    if (chosen < 0) {
      // Nothing servable: keep the old choice (its calls fail and are reported partial) and say why once.
      problem("no generation is ready on every one of the " + channels.shards() + " shards (shards per generation: "
          + describe(described, readiness) + ")");
      previous.ifPresent(p -> active = Optional.of(new ActiveGeneration(p.generation(), p.shardCount(),
          p.dimension(), p.modelId(), readiness.getOrDefault(p.generation(), emptyReadiness()), p.docs())));
      return;
    }
    GenerationStatus status = described.get(chosen);
    List<List<Integer>> replicas = readiness.get(chosen);
    active = Optional.of(new ActiveGeneration(chosen, status.getShardCount(), status.getDimension(),
        status.getModelId(), replicas,
        docs.get(chosen).values().stream().mapToLong(Long::longValue).sum()));
    lastProblem = "";
    if (previous.isEmpty() || previous.get().generation() != chosen) {
      LOG.info("router now searches gen-{} ({} shards{})", chosen, status.getShardCount(),
          previous.map(p -> ", was gen-" + p.generation()).orElse(""));
    }
  }

  private List<List<Integer>> emptyReadiness() {
    List<List<Integer>> shards = new ArrayList<>();
    for (int i = 0; i < channels.shards(); i++) {
      shards.add(new ArrayList<>());
    }
    return shards;
  }

  private static String describe(Map<Long, GenerationStatus> described, Map<Long, List<List<Integer>>> readiness) {
    List<String> parts = new ArrayList<>();
    readiness.forEach((gen, shards) -> parts.add("gen-" + gen + ": "
        + shards.stream().filter(r -> !r.isEmpty()).count() + " ready of " + described.get(gen).getShardCount()));
    return parts.isEmpty() ? "none reachable" : String.join(", ", parts);
  }

  private void problem(String message) {
    if (!message.equals(lastProblem)) {
      LOG.warn(message);
      lastProblem = message;
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
