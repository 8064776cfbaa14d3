package io.faceengine.query.router;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.faceengine.query.rpc.ShardServiceGrpc.ShardServiceFutureStub;
import io.grpc.Deadline;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls shards in parallel under one deadline. Each shard's call goes to one of the shard servers
 * that reported it ready (its replicas, rotating between them); when it fails, the next replica is
 * tried while the deadline allows, up to {@code retries} times. A shard that no server has ready fails
 * at once. When the deadline passes, the calls
 * still outstanding are cancelled and their shards reported as failed: the caller gets every answer
 * that arrived in time, never an exception for a missing shard.
 */
final class ShardFanOut {
  /** Starts one call on a stub that already carries the deadline. */
  @FunctionalInterface
  interface Call<T> {
    ListenableFuture<T> start(ShardServiceFutureStub stub, int shard);
  }

  /** The answers that arrived, by shard, and the shards that did not answer. */
  record Answers<T>(Map<Integer, T> answers, List<ShardFailure> failures) {}

  private final ShardChannels channels;
  private final int retries;
  private final MeterRegistry metrics;
  private final AtomicInteger rotation = new AtomicInteger();

  ShardFanOut(ShardChannels channels, int retries, MeterRegistry metrics) {
    this.channels = channels;
    this.retries = retries;
    this.metrics = metrics;
  }

  <T> Answers<T> call(ActiveGeneration generation, List<Integer> shards, Duration timeout, Call<T> call)
      throws InterruptedException {
    long started = System.nanoTime();
    Deadline deadline = Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
    Queue<ListenableFuture<T>> inFlight = new ConcurrentLinkedQueue<>();
    Map<Integer, CompletableFuture<T>> results = new TreeMap<>();
    Map<Integer, String> asked = new ConcurrentHashMap<>(); // the server each shard's latest attempt went to
    int turn = rotation.getAndIncrement();
    for (int shard : shards) {
      CompletableFuture<T> result = new CompletableFuture<>();
      results.put(shard, result);
      List<Integer> replicas = rotate(generation.readyServers().get(shard), turn);
      if (replicas.isEmpty()) {
        result.completeExceptionally(new IllegalStateException("no shard server has shard " + shard + " of gen-"
            + generation.generation() + " ready"));
      } else {
        attempt(shard, replicas, 0, deadline, call, result, inFlight, new ArrayList<>(), asked);
      }
    }
    try {
      CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new))
          .get(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Some shard is late or failed: collected below, shard by shard.
    } catch (InterruptedException e) {
      cancel(inFlight);
      throw e;
    }
    Answers<T> collected = collect(results, timeout, asked);
    // Only now: a cancelled call fails its shard's result with a bare CancellationException (UNKNOWN),
    // which must not replace "no answer within the deadline" for a shard that was merely late.
    cancel(inFlight);
    metrics.timer("faceengine.router.fanout", "partial", String.valueOf(!collected.failures().isEmpty()))
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    return collected;
  }

  /** Cancels the gRPC calls still outstanding; a no-op on finished ones. */
  private static <T> void cancel(Queue<ListenableFuture<T>> inFlight) {
    inFlight.forEach(f -> f.cancel(true));
  }

  private static <T> Answers<T> collect(Map<Integer, CompletableFuture<T>> results, Duration timeout,
      Map<Integer, String> asked) {
    Map<Integer, T> answers = new TreeMap<>();
    List<ShardFailure> failures = new ArrayList<>();
    results.forEach((shard, result) -> {
      if (result.isDone() && !result.isCompletedExceptionally()) {
        answers.put(shard, result.join());
      } else if (result.isDone()) {
        failures.add(new ShardFailure(shard, result.handle((v, e) -> e.getMessage()).join()));
      } else {
        failures.add(new ShardFailure(shard, "no answer within the deadline of " + timeout.toMillis() + " ms from "
            + asked.get(shard)));
      }
    });
    return new Answers<>(answers, failures);
  }

  /** The list rotated left by {@code turn}, so successive searches start on different replicas. */
  private static List<Integer> rotate(List<Integer> list, int turn) {
    if (list.isEmpty()) {
      return list;
    }
    int from = Math.floorMod(turn, list.size());
    List<Integer> rotated = new ArrayList<>(list.subList(from, list.size()));
    rotated.addAll(list.subList(0, from));
    return rotated;
  }

  private <T> void attempt(int shard, List<Integer> replicas, int index, Deadline deadline, Call<T> call,
      CompletableFuture<T> result, Queue<ListenableFuture<T>> inFlight, List<String> errors, Map<Integer, String> asked) {
    int server = replicas.get(index);
    String endpoint = channels.endpoint(server);
    asked.put(shard, errors.isEmpty() ? endpoint : endpoint + " (after " + String.join("; ", errors) + ")");
    Timer.Sample sample = Timer.start(metrics);
    ListenableFuture<T> future = call.start(channels.futureStub(server).withDeadline(deadline), shard);
    inFlight.add(future);
    Futures.addCallback(future, new FutureCallback<T>() {
      @Override
      public void onSuccess(T value) {
        sample.stop(metrics.timer("faceengine.shard.calls", "shard", String.valueOf(shard), "outcome", "ok"));
        result.complete(value);
      }

      @Override
      public void onFailure(Throwable t) {
        Status status = Status.fromThrowable(t);
        sample.stop(metrics.timer("faceengine.shard.calls", "shard", String.valueOf(shard), "outcome",
            status.getCode().name().toLowerCase(java.util.Locale.ROOT)));
        errors.add(endpoint + ": " + status.getCode() + (status.getDescription() == null ? ""
            : " (" + status.getDescription() + ")"));
        boolean retryable = switch (status.getCode()) {
          case DEADLINE_EXCEEDED, CANCELLED, INVALID_ARGUMENT -> false;
          default -> true;
        };
        if (retryable && index < retries && index + 1 < replicas.size() && !deadline.isExpired()) {
          attempt(shard, replicas, index + 1, deadline, call, result, inFlight, errors, asked);
        } else {
          result.completeExceptionally(new IllegalStateException(String.join("; ", errors)));
        }
      }
    }, MoreExecutors.directExecutor());
  }
}
