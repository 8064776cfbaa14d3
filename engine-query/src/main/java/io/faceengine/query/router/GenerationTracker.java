package io.faceengine.query.router;

import com.google.common.util.concurrent.ListenableFuture;
import io.faceengine.query.poll.LogOnce;
import io.faceengine.query.poll.PeriodicPoll;
import io.faceengine.query.rpc.StatusRequest;
import io.faceengine.query.rpc.StatusResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the generation a router searches, and where its shards are. Every poll interval it asks
 * every shard server, in parallel, which generations it has ready and which of their shards it
 * hosts, then lets {@link GenerationChoice#choose} decide: the router switches to the generation the
 * shard servers call current as soon as it is servable, and never to one that is not, so during a
 * swap searches go to the old generation until the new one is ready everywhere. Nothing about
 * shards is configured: a rebuild with another shard count is searched once servers host all its
 * shards.
 */
final class GenerationTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationTracker.class);

  private final ShardChannels channels;
  private final Duration statusDeadline;
  private final PeriodicPoll polling;
  private final LogOnce problems = new LogOnce(LOG::warn);
  private final LogOnce waits = new LogOnce(LOG::info);
  private final LogOnce inconsistencies = new LogOnce(LOG::warn);
  private final LogOnce unreachable = new LogOnce(LOG::warn);
  private volatile Optional<ActiveGeneration> active = Optional.empty();

  GenerationTracker(ShardChannels channels, Duration pollInterval, Duration statusDeadline) {
    this.channels = channels;
    this.statusDeadline = statusDeadline;
    this.polling = new PeriodicPoll("generation-tracker", pollInterval, this::poll);
  }

  /** Polls once now, then every poll interval in the background. */
  void start() {
    polling.start();
  }

  /** The generation searched now; empty until one is servable. */
  Optional<ActiveGeneration> active() {
    return active;
  }

  /** One round of status calls, then the switch decision; a failure is logged and the next round tries again. */
  void poll() {
    try {
      statuses().ifPresent(this::apply);
    } catch (RuntimeException e) { // an escaping exception would cancel the schedule for good
      problems.report("generation poll failed: " + e);
    }
  }

  /** Every server's status (all asked at once, each under the deadline); empty when interrupted. */
  private Optional<List<Optional<StatusResponse>>> statuses() {
    // Saying which generation this router searches keeps it open on the servers while no query comes.
    StatusRequest request = StatusRequest.newBuilder()
        .setSearching(active.map(ActiveGeneration::generation).orElse(0L)).build();
    List<ListenableFuture<StatusResponse>> calls = new ArrayList<>();
    for (int server = 0; server < channels.servers(); server++) {
      calls.add(channels.futureStub(server).withDeadlineAfter(statusDeadline.toMillis(), TimeUnit.MILLISECONDS)
          .status(request));
    }
    List<Optional<StatusResponse>> statuses = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int server = 0; server < calls.size(); server++) {
      try {
        statuses.add(Optional.of(calls.get(server).get()));
      } catch (ExecutionException e) {
        statuses.add(Optional.empty()); // a server down, or one this router cannot talk to
        failures.add(channels.failure(server, e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    unreachable.report(String.join("; ", failures));
    return Optional.of(statuses);
  }

  private void apply(List<Optional<StatusResponse>> statuses) {
    Optional<ActiveGeneration> previous = active;
    GenerationChoice choice = GenerationChoice.choose(statuses, previous);
    inconsistencies.report(choice.inconsistency());
    active = choice.active();
    problems.report(choice.problem());
    if (!choice.problem().isEmpty()) {
      return; // nothing servable: the old choice stays, and why was said once
    }
    ActiveGeneration now = choice.active().orElseThrow();
    if (previous.isEmpty() || previous.get().generation() != now.generation()) {
      LOG.info("router now searches gen-{} ({} shards{})", now.generation(), now.shardCount(),
          previous.map(p -> ", was gen-" + p.generation()).orElse(""));
    }
    waits.report(choice.waiting());
  }

  @Override
  public void close() {
    polling.stop();
  }
}
