package io.faceengine.query.router;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.person.PersonCandidates;
import io.faceengine.core.person.PersonDistance;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The router: fans a search out to every shard of the active generation under a deadline, merges
 * and re-ranks the candidates (see {@link CandidateMerger}), and fetches single faces from the shard
 * that holds them. Follows the shard servers' generations through a {@link GenerationTracker}. A
 * generation with person templates is searched for persons ({@link PersonMerger}): each shard's
 * nearest faces ({@value #FACES_PER_PERSON} per person wanted) and templates, then, in a second
 * fan-out when needed, the nearest face and the template of each person found by only one of them
 * who could be among the k nearest.
 */
public final class Router implements AutoCloseable {
  /** Faces asked of each shard per person wanted, in a search for persons. */
  static final int FACES_PER_PERSON = 4;

  private final ShardChannels channels;
  private final GenerationTracker tracker;
  private final ShardFanOut fanOut;
  private final CandidateMerger merger;
  private final PersonMerger persons;
  private final int maxK;
  private final Duration deadline;
  private final Timer overhead;

  private Router(ShardChannels channels, QueryConfig config, DistanceMetric metric, PersonDistance rule,
      MeterRegistry metrics) {
    this.channels = channels;
    this.maxK = config.maxK();
    this.persons = new PersonMerger(metric, rule);
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
    return start(config, metric, PersonDistance.BEST, metrics);
  }

  /**
   * As {@link #start(QueryConfig, DistanceMetric, MeterRegistry)}.
   *
   * @param rule how persons are ranked in generations with person templates
   */
  public static Router start(QueryConfig config, DistanceMetric metric, PersonDistance rule, MeterRegistry metrics) {
    ShardChannels channels = new ShardChannels(config.shardServers(), config.tls());
    Router router = new Router(channels, config, metric, rule, metrics);
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
    if (generation.templates()) {
      return searchPersons(generation, probe, k, label, started);
    }
    ShardFanOut.Answers<SearchResponse> answers = fanOut.call(generation,
        IntStream.range(0, generation.shardCount()).boxed().toList(), deadline,
        (stub, shard) -> stub.search(request(generation, probe, k, label).setShard(shard).build()));
    List<List<Face>> candidates = answers.answers().values().stream().map(SearchResponse::getCandidatesList).toList();
    List<Candidate> merged = merger.merge(probe, candidates, k);
    long took = System.nanoTime() - started;
    long slowest = answers.answers().values().stream().mapToLong(SearchResponse::getTookNanos).max().orElse(0);
    overhead.record(Math.max(0, took - slowest), TimeUnit.NANOSECONDS);
    return new RoutedSearch(generation.generation(), merged, answers.failures(), took, slowest);
  }

  /** The k nearest persons: candidates are persons, each named by its nearest face. */
  private RoutedSearch searchPersons(ActiveGeneration generation, float[] probe, int k, String label, long started)
      throws InterruptedException {
    List<Integer> shards = IntStream.range(0, generation.shardCount()).boxed().toList();
    int faces = (int) Math.min(maxK, (long) k * FACES_PER_PERSON);
    ShardFanOut.Answers<SearchResponse> answers = fanOut.call(generation, shards, deadline,
        (stub, shard) -> stub.search(request(generation, probe, faces, label).setTemplatesK(k).setShard(shard).build()));
    PersonCandidates<Candidate> found = new PersonCandidates<>();
    answers.answers().values().forEach(answer -> persons.add(found, probe, answer));
    List<ShardFailure> failures = new ArrayList<>(answers.failures());
    long slowest = answers.answers().values().stream().mapToLong(SearchResponse::getTookNanos).max().orElse(0);
    Set<String> incomplete = found.incomplete(persons.rule(), k,
        persons.floor(probe, answers.answers().values(), faces, false),
        persons.floor(probe, answers.answers().values(), k, true));
    if (!incomplete.isEmpty()) {
      ShardFanOut.Answers<SearchResponse> lookups = fanOut.call(generation, shards, deadline,
          (stub, shard) -> stub.search(request(generation, probe, 1, null).addAllPersonLabels(incomplete)
              .setShard(shard).build()));
      lookups.answers().values().forEach(answer -> persons.add(found, probe, answer));
      found.lookedUp(incomplete);
      failures.addAll(lookups.failures());
      slowest += lookups.answers().values().stream().mapToLong(SearchResponse::getTookNanos).max().orElse(0);
    }
    List<Candidate> ranked = persons.ranked(found, k);
    long took = System.nanoTime() - started;
    overhead.record(Math.max(0, took - slowest), TimeUnit.NANOSECONDS);
    return new RoutedSearch(generation.generation(), ranked, failures, took, slowest);
  }

  private static SearchRequest.Builder request(ActiveGeneration generation, float[] probe, int k, String label) {
    SearchRequest.Builder request = SearchRequest.newBuilder().setGeneration(generation.generation()).setK(k);
    for (float v : probe) {
      request.addProbe(v);
    }
    if (label != null) {
      request.setLabel(label);
    }
    return request;
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
