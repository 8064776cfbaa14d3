package io.faceengine.query.router;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.index.ShardAssigner;
import io.faceengine.query.Candidate;
import io.faceengine.query.QueryException;
import io.faceengine.query.QueryException.Kind;
import io.faceengine.query.StoredFace;
import io.faceengine.query.rpc.Face;
import io.faceengine.query.rpc.GetFaceRequest;
import io.faceengine.query.rpc.GetFaceResponse;
import io.faceengine.query.rpc.SearchRequest;
import io.faceengine.query.rpc.SearchResponse;
import io.faceengine.query.shard.ShardMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The router: fans a search out to every shard of the active generation under a deadline, merges
 * and re-ranks the candidates (see {@link CandidateMerger}), and fetches single faces from the shard
 * that holds them. Follows the shard servers' generations through a {@link GenerationTracker}.
 */
public final class Router implements AutoCloseable {
  private final ShardChannels channels;
  private final GenerationTracker tracker;
  private final ShardFanOut fanOut;
  private final CandidateMerger merger;
  private final Duration deadline;
  private final Timer overhead;

  private Router(ShardChannels channels, QueryConfig config, DistanceMetric metric, MeterRegistry metrics) {
    this.channels = channels;
    this.deadline = config.deadline();
    this.tracker = new GenerationTracker(channels, config.pollInterval(), config.deadline());
    this.fanOut = new ShardFanOut(channels, config.retries(), metrics);
    this.merger = new CandidateMerger(metric);
    this.overhead = Timer.builder("faceengine.router.overhead")
        .description("a search's router time minus its slowest shard's own search time").register(metrics);
  }

  /**
   * Connects to the shard servers of {@code config.shardServers()} and asks them once which
   * generations they have ready (then again every poll interval).
   *
   * @param metric the model's distance, used to re-rank
   */
  public static Router start(QueryConfig config, DistanceMetric metric, MeterRegistry metrics) {
    ShardChannels channels = new ShardChannels(config.shardServers());
    Router router = new Router(channels, config, metric, metrics);
    router.tracker.start();
    return router;
  }

  /** The generation searched now, if any is ready on every shard. */
  public Optional<ActiveGeneration> active() {
    return tracker.active();
  }

  /**
   * Waits until a generation is servable (the shard servers may still be opening theirs), at most
   * {@code timeout}; true when one is.
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (tracker.active().isEmpty() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    return tracker.active().isPresent();
  }

  /** The shard servers this router calls. */
  public int servers() {
    return channels.servers();
  }

  /**
   * The global top k for a unit probe of the active generation's dimension.
   *
   * @param label only faces with this label, or null
   */
  public RoutedSearch search(float[] probe, int k, String label) throws InterruptedException {
    long started = System.nanoTime();
    ActiveGeneration generation = requireActive();
    SearchRequest.Builder request = SearchRequest.newBuilder().setGeneration(generation.generation()).setK(k);
    for (float v : probe) {
      request.addProbe(v);
    }
    if (label != null) {
      request.setLabel(label);
    }
    ShardFanOut.Answers<SearchResponse> answers = fanOut.call(generation,
        IntStream.range(0, generation.shardCount()).boxed().toList(), deadline,
        (stub, shard) -> stub.search(request.setShard(shard).build()));
    List<List<Face>> candidates = answers.answers().values().stream().map(SearchResponse::getCandidatesList).toList();
    List<Candidate> merged = merger.merge(probe, candidates, k);
    long took = System.nanoTime() - started;
    long slowest = answers.answers().values().stream().mapToLong(SearchResponse::getTookNanos).max().orElse(0);
    overhead.record(Math.max(0, took - slowest), TimeUnit.NANOSECONDS);
    return new RoutedSearch(generation.generation(), merged, answers.failures(), took, slowest);
  }

  /** A face by id, from the one shard that holds it (by the index's shard assignment). */
  public Optional<StoredFace> face(String faceId) throws InterruptedException {
    ActiveGeneration generation = requireActive();
    int shard = new ShardAssigner(generation.shardCount()).shardOf(faceId);
    GetFaceRequest request = GetFaceRequest.newBuilder().setGeneration(generation.generation()).setShard(shard)
        .setFaceId(faceId).build();
    ShardFanOut.Answers<GetFaceResponse> answers = fanOut.call(generation, List.of(shard), deadline,
        (stub, s) -> stub.getFace(request));
    if (!answers.failures().isEmpty()) {
      throw new QueryException(Kind.UNAVAILABLE, "shard_unavailable", "shard " + shard + ", which holds face " + faceId
          + ", did not answer: " + answers.failures().get(0).reason());
    }
    GetFaceResponse response = answers.answers().get(shard);
    if (!response.getFound()) {
      return Optional.empty();
    }
    Face face = response.getFace();
    return Optional.of(new StoredFace(face.getFaceId(), face.getLabel().isEmpty() ? null : face.getLabel(),
        face.getImageUri(), face.getImageId().isEmpty() ? null : face.getImageId(), ShardMessages.box(face.getBox()),
        ShardMessages.embedding(face), generation.generation(), shard));
  }

  private ActiveGeneration requireActive() {
    return tracker.active().orElseThrow(() -> new QueryException(Kind.UNAVAILABLE, "not_ready",
        "no index generation has all its shards ready on the " + channels.servers() + " shard servers yet"));
  }

  @Override
  public void close() {
    tracker.close();
    channels.close();
  }
}
