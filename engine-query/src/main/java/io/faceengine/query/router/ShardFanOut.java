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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls shards in parallel under one deadline. Each shard's call goes to one of the shard servers
 * that reported it ready (its replicas, rotating between them). When that call fails, the next replica
 * is tried while the deadline allows; when it has not answered by half the deadline (a server that
 * hangs rather than fails, e.g. one killed mid-call or still starting), the next replica is asked too
 * and the first answer wins (a hedged call). At most {@code retries} further replicas are asked either
 * way. A shard that no server has ready fails at once. When the deadline passes, the calls still
 * outstanding are cancelled and their shards reported as failed: the caller gets every answer that
 * arrived in time, never an exception for a missing shard.
 */
final class ShardFanOut {
  /** Starts one call on a stub that already carries the deadline. */
  @FunctionalInterface
  interface Call<T> {
    ListenableFuture<T> start(ShardServiceFutureStub stub, int shard);
  }

  /** The answers that arrived, by shard, and the shards that did not answer. */
  record Answers<T>(Map<Integer, T> answers, List<ShardFailure> failures) {}

  /** Fires the hedges; one daemon thread for every router in the JVM, a timer's work is to start calls. */
  private static final ScheduledThreadPoolExecutor HEDGE_TIMER = hedgeTimer();

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
    Map<Integer, ShardCall<T>> calls = new TreeMap<>();
    int turn = rotation.getAndIncrement();
    for (int shard : shards) {
      ShardCall<T> shardCall = new ShardCall<>(shard, rotate(generation.readyServers().get(shard), turn), deadline,
          call, inFlight);
      calls.put(shard, shardCall);
      if (shardCall.replicas.isEmpty()) {
        shardCall.result.completeExceptionally(new IllegalStateException("no shard server has shard " + shard
            + " of gen-" + generation.generation() + " ready"));
      } else {
        shardCall.askNext();
      }
    }
    boolean hedgeable = retries > 0 && calls.values().stream().anyMatch(c -> c.replicas.size() > 1);
    ScheduledFuture<?> hedges = hedgeable ? HEDGE_TIMER.schedule(() -> calls.values().forEach(ShardCall::hedge),
        timeout.toNanos() / 2, TimeUnit.NANOSECONDS) : null;
    try {
      CompletableFuture.allOf(calls.values().stream().map(c -> c.result).toArray(CompletableFuture[]::new))
          .get(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Some shard is late or failed: collected below, shard by shard.
    } catch (InterruptedException e) {
      cancel(inFlight);
      throw e;
    } finally {
      if (hedges != null) {
        hedges.cancel(false);
      }
    }
    Answers<T> collected = collect(calls, timeout);
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

  private static <T> Answers<T> collect(Map<Integer, ShardCall<T>> calls, Duration timeout) {
    Map<Integer, T> answers = new TreeMap<>();
    List<ShardFailure> failures = new ArrayList<>();
    calls.forEach((shard, call) -> {
      CompletableFuture<T> result = call.result;
      if (result.isDone() && !result.isCompletedExceptionally()) {
        answers.put(shard, result.join());
      } else if (result.isDone()) {
        failures.add(new ShardFailure(shard, result.handle((v, e) -> e.getMessage()).join()));
      } else {
        failures.add(new ShardFailure(shard, "no answer within the deadline of " + timeout.toMillis() + " ms from "
            + call.asked()));
      }
    });
    return new Answers<>(answers, failures);
  }

  private static ScheduledThreadPoolExecutor hedgeTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "router-hedge-timer");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true); // answered searches leave no task behind
    return timer;
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

  /** One shard's calls: to its replicas in turn, on a failure or a hedge, until one answers. */
  private final class ShardCall<T> {
    final int shard;
    final List<Integer> replicas;
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final Deadline deadline;
    private final Call<T> call;
    private final Queue<ListenableFuture<T>> inFlight;
    private final AtomicInteger next = new AtomicInteger(); // the next replica to ask
    private final AtomicInteger outstanding = new AtomicInteger();
    private final List<String> asked = new CopyOnWriteArrayList<>(); // servers asked, in order
    private final List<String> errors = new CopyOnWriteArrayList<>();

    ShardCall(int shard, List<Integer> replicas, Deadline deadline, Call<T> call,
        Queue<ListenableFuture<T>> inFlight) {
      this.shard = shard;
      this.replicas = replicas;
      this.deadline = deadline;
      this.call = call;
      this.inFlight = inFlight;
    }

    /** The servers asked, for a late shard's reason: the last one, after the failures before it. */
    String asked() {
      String last = asked.isEmpty() ? "no server" : String.join(" and ", asked);
      return errors.isEmpty() ? last : last + " (after " + String.join("; ", errors) + ")";
    }

    /** Halfway to the deadline with no answer: asks the next replica too, if there is one. */
    void hedge() {
      if (!result.isDone() && !deadline.isExpired() && askNext()) {
        metrics.counter("faceengine.router.hedges", "shard", String.valueOf(shard)).increment();
      }
    }

    /** Calls the next replica, if the replicas and retries allow; false when none is left. */
    boolean askNext() {
      int index = next.getAndIncrement();
      if (index >= replicas.size() || index > retries) {
        return false;
      }
      int server = replicas.get(index);
      String endpoint = channels.endpoint(server);
      asked.add(endpoint);
      outstanding.incrementAndGet();
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
          boolean retried = retryable && !deadline.isExpired() && askNext();
          if (outstanding.decrementAndGet() == 0 && !retried) {
            result.completeExceptionally(new IllegalStateException(String.join("; ", errors)));
          }
        }
      }, MoreExecutors.directExecutor());
      return true;
    }
  }
}
