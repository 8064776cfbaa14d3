package io.faceengine.query.router;

import com.google.common.util.concurrent.ListenableFuture;
import io.faceengine.query.rpc.GenerationStatus;
import io.faceengine.query.shard.ShardMessages;
import io.faceengine.query.rpc.ShardStatus;
import io.faceengine.query.rpc.StatusRequest;
import io.faceengine.query.rpc.StatusResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the generation a router searches, and learns where its shards are. Every poll interval it
 * asks every shard server, in parallel, which generations it has ready and which of their shards it
 * hosts; a generation is servable when each of its shards is ready on at least one server (servers
 * hosting the same shard are its replicas). The router switches to the generation the shard servers
 * call current as soon as it is servable, and never to one that is not: during a swap, searches go to
 * the old generation until the new one is ready everywhere, so none fails. Nothing about shards is
 * configured: a rebuild with another shard count is searched once servers host all its shards.
 */
final class GenerationTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationTracker.class);

  private final ShardChannels channels;
  private final Duration pollInterval;
  private final Duration statusDeadline;
  private final ScheduledExecutorService poller;
  private volatile Optional<ActiveGeneration> active = Optional.empty();
  private volatile String lastProblem = "";
  private volatile String lastWait = "";
  private volatile String lastInconsistency = "";

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

  /** One round of status calls, then the switch decision; a failure is logged and the next round tries again. */
  void poll() {
    try {
      pollOnce();
    } catch (RuntimeException e) { // an escaping exception would cancel the schedule for good
      problem("generation poll failed: " + e);
    }
  }

  /** One round of status calls (all servers at once, each under the deadline), then the switch decision. */
  private void pollOnce() {
    // Saying which generation this router searches keeps it open on the servers while no query comes.
    StatusRequest request = StatusRequest.newBuilder()
        .setSearching(active.map(ActiveGeneration::generation).orElse(0L)).build();
    List<ListenableFuture<StatusResponse>> calls = new ArrayList<>();
    for (int server = 0; server < channels.servers(); server++) {
      calls.add(channels.futureStub(server).withDeadlineAfter(statusDeadline.toMillis(), TimeUnit.MILLISECONDS)
          .status(request));
    }
    Map<Long, GenerationStatus> described = new HashMap<>();
    // For each generation, for each of its shards, the servers that have it ready.
    Map<Long, List<List<Integer>>> readiness = new HashMap<>();
    Set<Long> reportedCurrent = new HashSet<>();
    Map<Long, Map<Integer, Long>> docs = new HashMap<>();
    // Generations whose servers disagree on its shape (e.g. a server pointed at another index root).
    Set<Long> inconsistent = new TreeSet<>();
    for (int server = 0; server < calls.size(); server++) {
      StatusResponse status;
      try {
        status = calls.get(server).get();
      } catch (ExecutionException e) {
        continue; // a server down: its shards are served by others, or counted as not ready
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
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
    if (!inconsistency.isEmpty() && !inconsistency.equals(lastInconsistency)) {
      LOG.warn(inconsistency);
    }
    lastInconsistency = inconsistency;
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
      problem("no generation has every one of its shards ready on some shard server ("
          + describe(described, readiness) + ")");
      previous.ifPresent(p -> {
        List<List<Integer>> now = readiness.get(p.generation());
        active = Optional.of(new ActiveGeneration(p.generation(), p.shardCount(), p.dimension(), p.modelId(),
            now != null && now.size() == p.shardCount() ? now : emptyReadiness(p.shardCount()), p.docs(),
            p.calibration()));
      });
      return;
    }
    GenerationStatus status = described.get(chosen);
    active = Optional.of(new ActiveGeneration(chosen, status.getShardCount(), status.getDimension(),
        status.getModelId(), readiness.get(chosen),
        docs.get(chosen).values().stream().mapToLong(Long::longValue).sum(),
        status.hasCalibration() ? ShardMessages.calibration(status.getCalibration()) : null));
    lastProblem = "";
    if (previous.isEmpty() || previous.get().generation() != chosen) {
      LOG.info("router now searches gen-{} ({} shards{})", chosen, status.getShardCount(),
          previous.map(p -> ", was gen-" + p.generation()).orElse(""));
    }
    reportWaiting(chosen, reportedCurrent, described, readiness);
  }

  /** Says once which newer generation the shard servers call current but the router cannot search yet, and why. */
  private void reportWaiting(long chosen, Set<Long> reportedCurrent, Map<Long, GenerationStatus> described,
      Map<Long, List<List<Integer>>> readiness) {
    long newest = reportedCurrent.stream().mapToLong(Long::longValue).max().orElse(-1);
    String wait = "";
    if (newest > chosen) {
      List<List<Integer>> shards = readiness.get(newest);
      wait = shards == null
          ? "gen-" + newest + " is CURRENT but no shard server has opened it yet"
          : "gen-" + newest + " is CURRENT but shards " + missing(shards) + " of its " + shards.size()
              + " are ready on no shard server (still opening, or hosted by none)";
      if (!wait.equals(lastWait)) {
        LOG.info("{}; still searching gen-{}", wait, chosen);
      }
    }
    lastWait = wait;
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
