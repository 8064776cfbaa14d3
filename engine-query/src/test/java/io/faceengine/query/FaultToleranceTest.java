package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.Deletions;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.query.router.Router;
import io.faceengine.query.rpc.GenerationStatus;
import io.faceengine.query.rpc.SearchRequest;
import io.faceengine.query.rpc.SearchResponse;
import io.faceengine.query.rpc.ShardServiceGrpc;
import io.faceengine.query.rpc.ShardStatus;
import io.faceengine.query.rpc.StatusRequest;
import io.faceengine.query.rpc.StatusResponse;
import io.faceengine.query.shard.ShardServer;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shard failures, replicas, deadlines, tokens and a generation swap, with real shard servers and
 * routers on loopback ports (and one fake shard, only to inject slowness).
 */
class FaultToleranceTest extends LfwServiceTestCase {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static GenerationStore store;
  private static byte[] powellProbe;

  private final List<AutoCloseable> started = new ArrayList<>();

  @BeforeAll
  static void index() throws IOException {
    store = new GenerationStore(new Configuration(), root.toString());
    powellProbe = Files.readAllBytes(SharedTestData.lfw("Colin_Powell", LfwIndex.INDEXED_IMAGES + 1));
  }

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable c : started.reversed()) {
      c.close();
    }
  }

  @Test
  void aStoppedShardServerGivesAPartialAnswerNamingIt() throws Exception {
    EngineConfig config = lfw.config(Optional.empty());
    List<ShardServer> shards = shardServers(config.query(), 0, 1, 2, 3);
    QueryServer router = router(config, endpoints(shards));
    shards.get(2).close();

    Http.Response r = new Http(router.port()).postMultipart("/v1/search", Map.of("image", powellProbe));
    assertEquals(200, r.status(), r.body());
    assertTrue(r.json().get("partial").asBoolean(), r.body());
    JsonNode failed = r.json().get("failed_shards");
    assertEquals(1, failed.size(), r.body());
    assertEquals(2, failed.get(0).get("shard").asInt());
    // The call to the stopped server fails, or (on a slow machine) the router's status round saw it first.
    String reason = failed.get(0).get("reason").asText();
    assertTrue(reason.contains("UNAVAILABLE") || reason.contains("no shard server has shard 2"), r.body());

    Thread.sleep(3 * config.query().pollInterval().toMillis()); // the router's next status round sees it too
    Http.Response health = new Http(router.port()).get("/v1/health");
    assertEquals("partial", health.json().get("status").asText(), health.body());
    assertEquals(3, health.json().get("shards_ready").asInt());
    assertTrue(new Http(router.port()).get("/metrics").body().contains("faceengine_router_fanout_seconds_count{partial=\"true\"}"));
  }

  @Test
  void aFailedReplicaIsRetriedOnAnother() throws Exception {
    // Status rounds far apart: the router still believes the stopped replica ready and tries it.
    EngineConfig config = withQuery(lfw.config(Optional.empty()), Duration.ofSeconds(3), Duration.ofMinutes(5));
    List<ShardServer> first = shardServers(config.query(), 0, 1, 2, 3);
    List<ShardServer> second = shardServers(config.query(), 0);
    List<String> endpoints = new ArrayList<>(endpoints(first));
    endpoints.add(endpoint(second.get(0))); // a replica of shard 0, learned from its status
    QueryServer router = router(config, endpoints);
    first.get(0).close();

    Http http = new Http(router.port());
    for (int i = 0; i < 4; i++) { // replicas rotate per search: some start on the stopped one
      Http.Response r = http.postMultipart("/v1/search", Map.of("image", powellProbe));
      assertEquals(200, r.status(), r.body());
      assertFalse(r.json().get("partial").asBoolean(), r.body());
      assertEquals("Colin_Powell", r.json().get("faces").get(0).get("decision").get("identity").asText());
    }
    String metrics = http.get("/metrics").body();
    assertTrue(metrics.contains("faceengine_shard_calls_seconds_count{outcome=\"unavailable\",shard=\"0\"}"), metrics);
  }

  /** The fault suite's shard-server kill: a replica that hangs, rather than fails, must not cost the answer. */
  @Test
  void aReplicaThatHangsIsHedgedOnAnotherBeforeTheDeadline() throws Exception {
    EngineConfig config = withQuery(lfw.config(Optional.empty()), Duration.ofSeconds(2), Duration.ofMillis(200));
    List<ShardServer> shards = shardServers(config.query(), 0, 1, 2, 3);
    SlowShard hanging = new SlowShard(3);
    Server fake = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0)).addService(hanging).build().start();
    started.add(() -> fake.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    List<String> endpoints = new ArrayList<>(endpoints(shards));
    endpoints.add(LOOPBACK.getHostAddress() + ":" + fake.getPort()); // a second replica of shard 3, hanging
    QueryServer router = router(config, endpoints);

    Http http = new Http(router.port());
    Map<String, float[]> probe = Map.of("embedding", lfw.embedding(SharedTestData.lfw("Colin_Powell", 4)));
    for (int i = 0; i < 4; i++) { // replicas rotate per search: some start on the hanging one
      Http.Response r = http.postJson("/v1/search", probe);
      assertEquals(200, r.status(), r.body());
      assertFalse(r.json().get("partial").asBoolean(), "search " + i + " lost shard 3 to the hanging replica: " + r.body());
      assertEquals("Colin_Powell", r.json().get("faces").get(0).get("decision").get("identity").asText());
    }
    assertTrue(http.get("/metrics").body().contains("faceengine_router_hedges_total{shard=\"3\"}"),
        "the hanging replica's shard was hedged");
    assertTrue(hanging.cancelled.await(5, TimeUnit.SECONDS), "the hanging call was cancelled once the other answered");
  }

  @Test
  void aShardMissingTheDeadlineIsCancelledAndTheAnswerIsPartial() throws Exception {
    EngineConfig config = withQuery(lfw.config(Optional.empty()), Duration.ofMillis(800), Duration.ofMillis(200));
    List<ShardServer> shards = shardServers(config.query(), 0, 1, 2);
    SlowShard slow = new SlowShard(3);
    Server fake = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0)).addService(slow).build().start();
    started.add(() -> fake.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    List<String> endpoints = new ArrayList<>(endpoints(shards));
    endpoints.add(LOOPBACK.getHostAddress() + ":" + fake.getPort());
    QueryServer router = router(config, endpoints);

    long start = System.nanoTime();
    Http.Response r = new Http(router.port()).postJson("/v1/search",
        Map.of("embedding", lfw.embedding(SharedTestData.lfw("Colin_Powell", 4))));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, r.status(), r.body());
    assertTrue(r.json().get("partial").asBoolean(), r.body());
    assertEquals(3, r.json().get("failed_shards").get(0).get("shard").asInt(), r.body());
    // Cancelling the late call must not turn its reason into a bare UNKNOWN (the fault suite's swap row).
    String reason = r.json().get("failed_shards").get(0).get("reason").asText();
    assertTrue(reason.startsWith("no answer within the deadline of 800 ms from ") && reason.endsWith(":" + fake.getPort()),
        "names the deadline and the server that did not answer: " + reason);
    // The slow shard never answers, so any answer means the deadline ended its call; the bound only
    // tells that from a hang (a timing assertion would be flaky on a shared machine).
    assertTrue(millis < 15_000, "answered after the deadline ended the late call: " + millis + " ms");
    assertTrue(slow.cancelled.await(5, TimeUnit.SECONDS), "the late call was cancelled");
    assertEquals("Colin_Powell", r.json().get("faces").get(0).get("decision").get("identity").asText(),
        "the other shards' answer still finds Powell (shard 3 holds none of his indexed faces)");
  }

  @Test
  void anOverloadedServiceRefusesAtOnceWithRetryAfterAndAnswersAgainWhenTheLoadStops() throws Exception {
    EngineConfig slowDeadline = withQuery(lfw.config(Optional.empty()), Duration.ofSeconds(60), Duration.ofMillis(200));
    EngineConfig config = slowDeadline.withQuery(slowDeadline.query().withAdmission(1, 1));
    HeldShard held = new HeldShard(3);
    Server fake = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0)).addService(held).build().start();
    started.add(() -> fake.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    started.add(held::release); // never leave a search held, whatever fails
    List<String> endpoints = new ArrayList<>(endpoints(shardServers(config.query(), 0, 1, 2)));
    endpoints.add(LOOPBACK.getHostAddress() + ":" + fake.getPort());
    Http http = new Http(router(config, endpoints).port());
    Map<String, Object> search = Map.of("embedding", lfw.embedding(SharedTestData.lfw("Colin_Powell", 4)));
    ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    started.add(clients::shutdownNow);

    Future<Http.Response> first = clients.submit(() -> http.postJson("/v1/search", search));
    assertTrue(held.arrived.await(30, TimeUnit.SECONDS), "the first search takes the one slot and is held by shard 3");
    Future<Http.Response> second = clients.submit(() -> http.postJson("/v1/search", search));
    awaitMetric(http, "faceengine_http_admission_waiting 1.0"); // the second waits in line for the slot

    // Beyond the slot and the line: refused at once, while the first is still held, whatever the route.
    List<Http.Response> refused = List.of(http.postJson("/v1/search", search),
        http.postMultipart("/v1/search", Map.of("image", powellProbe)), http.get("/v1/faces/abc"));
    for (Http.Response r : refused) {
      QueryApiTest.assertError(r, 503, "overloaded");
      assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), r.body());
    }
    assertFalse(first.isDone() || second.isDone(), "the refusals did not wait for the held search");
    assertEquals(200, http.get("/v1/health").status(), "health is never refused");
    assertTrue(http.get("/metrics").body().contains("faceengine_http_admission_refused_total 3.0"));

    held.release();
    for (Http.Response r : List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS),
        http.postJson("/v1/search", search))) { // the held two, then one right after: all answered in full
      assertEquals(200, r.status(), r.body());
      assertFalse(r.json().get("partial").asBoolean(), r.body());
      assertEquals("Colin_Powell", r.json().get("faces").get(0).get("decision").get("identity").asText());
    }
    awaitMetric(http, "faceengine_http_admission_in_flight 0.0");
  }

  @Test
  void aBearerTokenProtectsTheApiButNotHealthOrMetrics() throws Exception {
    EngineConfig config = lfw.config(Optional.of("s3cret"));
    QueryServer router = router(config, endpoints(shardServers(config.query(), 0, 1, 2, 3)));
    Map<String, Object> probe = Map.of("image", powellProbe);
    QueryApiTest.assertError(new Http(router.port()).postMultipart("/v1/search", probe), 401, "unauthorized");
    QueryApiTest.assertError(new Http(router.port(), "wrong").postMultipart("/v1/search", probe), 401, "unauthorized");
    QueryApiTest.assertError(new Http(router.port()).get("/v1/faces/abc"), 401, "unauthorized");
    String blair = LfwIndex.faceId(SharedTestData.lfw("Tony_Blair", 1));
    QueryApiTest.assertError(new Http(router.port()).get("/v1/faces/" + blair + "/thumbnail"), 401, "unauthorized");
    assertEquals(200, new Http(router.port(), "s3cret").getBytes("/v1/faces/" + blair + "/thumbnail").statusCode());
    assertEquals(200, new Http(router.port(), "s3cret").postMultipart("/v1/search", probe).status());
    assertEquals(200, new Http(router.port()).get("/v1/health").status());
    assertEquals(200, new Http(router.port()).get("/metrics").status());
    assertEquals(200, new Http(router.port()).get("/").status(), "the console's page holds no data");
  }

  /** The rebuild also changes the shard count (4 to 6): the embedded service follows it all the same. */
  @Test
  void aGenerationSwapUnderSteadyQueriesFailsNoneAndThenServesTheNewGeneration() throws Exception {
    Path root = dir.resolve("swap-index");
    Http http = embeddedServiceOver(root);
    float[] probe = lfw.embedding(SharedTestData.lfw("Tony_Blair", 4));

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger queries = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      clients.add(Thread.ofPlatform().start(() -> {
        while (running.get()) {
          try {
            Http.Response r = http.postJson("/v1/search", Map.of("embedding", probe, "k", 5));
            if (r.status() != 200 || r.json().get("partial").asBoolean()
                || !"Tony_Blair".equals(r.json().get("faces").get(0).get("candidates").get(0).get("label").asText())) {
              failures.add(r.body());
            }
            queries.incrementAndGet();
          } catch (Exception e) {
            failures.add(e.toString());
          }
        }
      }));
    }
    Thread.sleep(500);
    List<String> everyone = new ArrayList<>(LfwIndex.PEOPLE);
    everyone.addAll(LfwIndex.LATER);
    long gen2 = lfw.publish(root, dir.resolve("swap-build-2"), everyone, 6);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (http.get("/v1/health").json().get("generation").asLong() != gen2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(2000); // queries keep running on the new generation while the old one retires
    running.set(false);
    for (Thread client : clients) {
      client.join();
    }
    assertEquals(List.of(), failures, "no query failed during the swap (" + queries.get() + " queries)");
    assertTrue(queries.get() > 20, "a steady stream: " + queries.get());

    Http.Response chavez = http.postMultipart("/v1/search",
        Map.of("image", Files.readAllBytes(SharedTestData.lfw("Hugo_Chavez", 4))));
    assertEquals(gen2, chavez.json().get("generation").asLong(), chavez.body());
    assertEquals("Hugo_Chavez", chavez.json().get("faces").get(0).get("decision").get("identity").asText());
    JsonNode health = http.get("/v1/health").json();
    assertEquals(6, health.get("shards").asInt(), health.toString());
    assertEquals(6, health.get("shards_ready").asInt(), health.toString());
  }

  /** Deletions recorded while an older generation serves (an update not yet published) hide its faces at once. */
  @Test
  void facesDeletedAfterTheServedGenerationWasBuiltAreHidden() throws Exception {
    Path root = dir.resolve("deleting-index");
    Http http = embeddedServiceOver(root);
    Map<String, Object> blairProbe = Map.of("embedding", lfw.embedding(SharedTestData.lfw("Tony_Blair", 4)), "k", 30);
    String blairFace = LfwIndex.faceId(SharedTestData.lfw("Tony_Blair", 1));
    assertEquals("Tony_Blair", http.postJson("/v1/search", blairProbe).json().get("faces").get(0).get("candidates")
        .get(0).get("label").asText());
    assertEquals(200, http.get("/v1/faces/" + blairFace).status());

    GenerationStore deleting = new GenerationStore(new Configuration(), root.toString());
    deleting.ledger().record(new GenerationPublisher(deleting).beginGeneration(),
        new Deletions(List.of(), List.of(), List.of("Tony_Blair")));
    Thread.sleep(5 * lfw.config(Optional.empty()).query().pollInterval().toMillis());

    Http.Response r = http.postJson("/v1/search", blairProbe);
    assertEquals(200, r.status(), r.body());
    JsonNode face = r.json().get("faces").get(0);
    assertEquals(LfwIndex.PEOPLE.size() * LfwIndex.INDEXED_IMAGES - LfwIndex.INDEXED_IMAGES,
        face.get("candidates").size(), "every indexed face but Blair's three: " + r.body());
    for (JsonNode candidate : face.get("candidates")) {
      assertFalse("Tony_Blair".equals(candidate.get("label").asText()), r.body());
    }
    assertFalse("Tony_Blair".equals(face.get("decision").get("identity").asText()), r.body());
    assertEquals(404, http.get("/v1/faces/" + blairFace).status());
  }

  /** Two servers calling different generations gen-1 (another index root behind one of them) are never mixed. */
  @Test
  void serversDisagreeingOnAGenerationAreNotMixed() throws Exception {
    EngineConfig config = lfw.config(Optional.empty());
    List<String> endpoints = new ArrayList<>();
    for (int shardCount : new int[] {4, 6}) {
      Path root = dir.resolve("root-of-" + shardCount);
      lfw.publish(root, dir.resolve("root-of-" + shardCount + "-build"), LfwIndex.PEOPLE, shardCount);
      ShardServer server = ShardServer.start(new GenerationStore(new Configuration(), root.toString()), Set.of(),
          new InetSocketAddress(LOOPBACK, 0), config.query());
      started.add(server);
      endpoints.add(endpoint(server));
    }
    try (Router router = Router.start(config.query().withShardServers(endpoints), lfw.model.metric(),
        new SimpleMeterRegistry())) {
      Thread.sleep(5 * config.query().pollInterval().toMillis());
      assertEquals(Optional.empty(), router.active(), "gen-1 has 4 shards on one server and 6 on the other");
    }
  }

  @Test
  void aGenerationWithShardsNoServerHostsIsNotSearched() throws Exception {
    Path root = dir.resolve("more-shards-index");
    long gen1 = lfw.publish(root, dir.resolve("more-shards-build-1"), LfwIndex.PEOPLE);
    GenerationStore moreShards = new GenerationStore(new Configuration(), root.toString());
    EngineConfig config = lfw.config(Optional.empty());
    List<ShardServer> servers = shardServers(moreShards, config.query(), 0, 1, 2, 3);
    QueryServer router = router(config, endpoints(servers));
    Http http = new Http(router.port());

    long gen2 = lfw.publish(root, dir.resolve("more-shards-build-2"), LfwIndex.PEOPLE, 6);
    ManagedChannel channel = Grpc.newChannelBuilder(endpoint(servers.get(0)), InsecureChannelCredentials.create())
        .build();
    started.add(channel::shutdownNow);
    ShardServiceGrpc.ShardServiceBlockingStub server0 = ShardServiceGrpc.newBlockingStub(channel);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!server0.status(StatusRequest.getDefaultInstance()).getReadyList().stream()
        .anyMatch(g -> g.getGeneration() == gen2) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(5 * config.query().pollInterval().toMillis()); // several status rounds of the router

    // Shards 4 and 5 of gen-2 are on no server: the router keeps searching gen-1, whole.
    JsonNode health = http.get("/v1/health").json();
    assertEquals(gen1, health.get("generation").asLong(), health.toString());
    assertEquals("ok", health.get("status").asText(), health.toString());
    Http.Response r = http.postMultipart("/v1/search", Map.of("image", powellProbe));
    assertEquals(200, r.status(), r.body());
    assertFalse(r.json().get("partial").asBoolean(), r.body());
    assertEquals(gen1, r.json().get("generation").asLong(), r.body());
    assertEquals("Colin_Powell", r.json().get("faces").get(0).get("decision").get("identity").asText());
  }

  /** Publishes the first generation (PEOPLE) under {@code root} and starts the embedded service over it. */
  private Http embeddedServiceOver(Path root) throws IOException {
    lfw.publish(root, root.resolveSibling(root.getFileName() + "-build"), LfwIndex.PEOPLE);
    EmbeddedService service = startEmbedded(root);
    started.add(service);
    return new Http(service.port());
  }

  private List<ShardServer> shardServers(QueryConfig query, int... shards) throws IOException {
    return shardServers(store, query, shards);
  }

  /** One shard server per shard number given, each hosting only that shard of every generation. */
  private List<ShardServer> shardServers(GenerationStore store, QueryConfig query, int... shards) throws IOException {
    List<ShardServer> servers = new ArrayList<>();
    for (int shard : shards) {
      ShardServer server = ShardServer.start(store, Set.of(shard), new InetSocketAddress(LOOPBACK, 0), query);
      started.add(server);
      servers.add(server);
    }
    return servers;
  }

  private QueryServer router(EngineConfig config, List<String> endpoints) {
    QueryServer server = QueryServer.start(config, config.query().withShardServers(endpoints), "127.0.0.1", 0);
    started.add(server);
    return server;
  }

  private static List<String> endpoints(List<ShardServer> servers) {
    return servers.stream().map(FaultToleranceTest::endpoint).toList();
  }

  private static String endpoint(ShardServer server) {
    return LOOPBACK.getHostAddress() + ":" + server.port();
  }

  private static EngineConfig withQuery(EngineConfig config, Duration deadline, Duration pollInterval) {
    QueryConfig q = config.query();
    return config.withQuery(new QueryConfig(q.port(), q.grpcPort(), deadline, q.retries(), pollInterval,
        q.oversample(), q.defaultK(), q.maxK(), q.maxBodyBytes(), q.token(), q.tokenFile(), q.shardServers(),
        q.scratchDir(), q.concurrentAnalyses(), q.clusters(), q.maxInFlight(), q.maxQueued()));
  }

  /** Polls /metrics until it holds this line (a gauge's value), for at most 30 s. */
  private static void awaitMetric(Http http, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String metrics = "";
    while (System.nanoTime() < deadline) {
      metrics = http.get("/metrics").body();
      if (metrics.lines().anyMatch(line::equals)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("/metrics never showed " + line + ":\n" + metrics);
  }

  /** A fault injector: a shard that reports gen-1 ready but never answers a search, and notices the cancellation. */
  private static class SlowShard extends ShardServiceGrpc.ShardServiceImplBase {
    final CountDownLatch cancelled = new CountDownLatch(1);
    private final int shard;

    SlowShard(int shard) {
      this.shard = shard;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
      response.onNext(StatusResponse.newBuilder().setCurrent(1).addReady(GenerationStatus.newBuilder()
          .setGeneration(1).setShardCount(LfwIndex.SHARDS).setDimension(lfw.model.outputDimension())
          .setModelId(lfw.model.id()).addShards(ShardStatus.newBuilder().setShard(shard).setDocs(0))).build());
      response.onCompleted();
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> response) {
      ((ServerCallStreamObserver<SearchResponse>) response).setOnCancelHandler(cancelled::countDown);
      // never answers: the router's deadline must end the call
    }
  }

  /** A fault injector: shard 3 of gen-1 holding every search until released, then answering that it has no candidate. */
  private static final class HeldShard extends SlowShard {
    final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    HeldShard(int shard) {
      super(shard);
    }

    void release() {
      released.countDown();
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> response) {
      arrived.countDown();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        response.onError(e);
        return;
      }
      response.onNext(SearchResponse.newBuilder().setGeneration(request.getGeneration()).setShard(request.getShard())
          .build());
      response.onCompleted();
    }
  }
}
