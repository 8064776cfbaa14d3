package io.faceengine.query;

import static io.faceengine.query.QueryApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.TlsConfig;
import io.faceengine.core.config.TokenLimits;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.query.router.RoutedSearch;
import io.faceengine.query.router.Router;
import io.faceengine.query.shard.ShardServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's security over real LFW faces: the embedded service serving HTTPS only, with scoped,
 * limited tokens from a tokens file; a router calling a shard server over TLS; and logs that never
 * hold a token, an image or an embedding.
 */
class SecurityTest extends LfwServiceTestCase {
  private static final String SEARCHER = "searcher-secret-0123456789";
  private static final String CURATOR = "curator-secret-0123456789";
  private static final String ROOT = "root-secret-0123456789abc";
  private static final String RATED = "rated-secret-0123456789ab";
  private static final String SINGLE = "single-secret-0123456789a";
  private static final String SMALL = "small-secret-0123456789ab";
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static TestCertificates ca;
  private static TestCertificates.Issued serverCert;
  private static Path caFile;
  private static LogCapture logs;
  private static EmbeddedService service;
  private static final List<AutoCloseable> started = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    logs = new LogCapture();
    ca = TestCertificates.authority("face-engine test CA");
    caFile = ca.writeCa(dir.resolve("ca.crt"));
    serverCert = ca.issueLoopback(dir.resolve("certs"), "server");
    Path tokens = Files.writeString(dir.resolve("tokens"), String.join("\n",
        "# id scopes token [limits]",
        "searcher search " + SEARCHER,
        "curator enrol " + CURATOR,
        "root admin " + ROOT,
        "",
        "rated search " + RATED + " rate=1 burst=2",
        "single search,enrol " + SINGLE + " concurrency=1",
        "small search " + SMALL + " max-body-bytes=4096"));
    EngineConfig config = lfw.config(Optional.empty());
    QueryConfig query = config.query().withTls(new TlsConfig(Optional.of(serverCert.certFile()),
        Optional.of(serverCert.keyFile()), Optional.empty())).withTokens(Optional.of(tokens), TokenLimits.NONE);
    service = EmbeddedService.start(config.withQuery(query), root.toString(), "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : started.reversed()) {
      c.close();
    }
    if (service != null) {
      service.close();
    }
    if (logs != null) {
      logs.close();
    }
  }

  private static Http https(String token) throws Exception {
    return Http.https(service.port(), ca.clientContext(), token);
  }

  @Test
  void httpsSearchesWorkWithTheCaTrustedWhilePlainHttpAndUntrustingClientsAreRefused() throws Exception {
    Map<String, Object> search = Map.of("embedding", lfw.embedding(SharedTestData.lfw("Colin_Powell", 4)), "k", 3);
    Http.Response r = https(SEARCHER).postJson("/v1/search", search);
    assertEquals(200, r.status(), r.body());
    assertEquals("Colin_Powell", r.json().get("faces").get(0).get("decision").get("identity").asText(), r.body());

    // No plain-HTTP port: a plaintext request on the API's port gets no HTTP answer at all.
    assertThrows(IOException.class, () -> new Http(service.port(), SEARCHER).postJson("/v1/search", search));
    // A client that does not trust the CA (the JDK's default trust store) refuses the server's certificate.
    assertThrows(SSLHandshakeException.class, () -> Http.https(service.port(), SSLContext.getDefault(), SEARCHER)
        .postJson("/v1/search", search));
    // Health stays open to probes, over HTTPS.
    assertEquals(200, https(null).get("/v1/health").status());
  }

  @Test
  void eachTokenMayUseOnlyTheRoutesOfItsScopes() throws Exception {
    Map<String, Object> search = Map.of("embedding", lfw.embedding(SharedTestData.lfw("Tony_Blair", 4)), "k", 3);
    Map<String, Object> name = Map.of("label", "Someone");
    assertEquals(200, https(SEARCHER).postJson("/v1/search", search).status());
    String stored = LfwIndex.faceId(SharedTestData.lfw("Tony_Blair", 1));
    assertEquals(200, https(SEARCHER).get("/v1/faces/" + stored).status());

    Http.Response naming = https(SEARCHER).postJson("/v1/clusters/0/name", name);
    assertError(naming, 403, "forbidden");
    assertTrue(naming.json().get("message").asText().contains("'enrol'"), naming.body());
    assertTrue(naming.json().get("message").asText().contains("'searcher'"), naming.body());

    Http.Response searching = https(CURATOR).postJson("/v1/search", search);
    assertError(searching, 403, "forbidden");
    assertTrue(searching.json().get("message").asText().contains("'search'"), searching.body());
    assertError(https(CURATOR).get("/v1/faces/" + stored), 403, "forbidden");
    // Enrol passes the guard: this service serves no clustering, which is the service's own answer.
    assertError(https(CURATOR).postJson("/v1/clusters/0/name", name), 404, "no_clustering");

    assertEquals(200, https(ROOT).postJson("/v1/search", search).status(), "admin may do everything");
    assertError(https(ROOT).postJson("/v1/clusters/0/name", name), 404, "no_clustering");

    assertError(https(null).postJson("/v1/search", search), 401, "unauthorized");
    assertError(https("not-a-token-of-this-service").postJson("/v1/search", search), 401, "unauthorized");

    // The token's id is what the request carries on (metrics here, the audit log elsewhere), never its secret.
    String metrics = https(null).get("/metrics").body();
    assertTrue(metrics.contains("token=\"searcher\""), "requests are counted by token id");
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("faceengine_http_token_requests_total")
        && l.contains("token=\"curator\"") && l.contains("status=\"403\"")), metrics);
    for (String secret : List.of(SEARCHER, CURATOR, ROOT)) {
      assertFalse(metrics.contains(secret), "no secret in the metrics");
    }
  }

  @Test
  void aTokensRateIsLimitedWith429AndRetryAfterWithoutSlowingOtherTokens() throws Exception {
    Http rated = https(RATED);
    // Burst 2 at 1 a second: of 6 requests sent back to back, at most 2 plus the refills pass.
    long began = System.nanoTime();
    List<Http.Response> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(rated.get("/v1/faces/unknown-face"));
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    List<Http.Response> refused = answers.stream().filter(r -> r.status() == 429).toList();
    assertTrue(answers.size() - refused.size() <= 2 + (int) Math.ceil(seconds), "passed: " + answers.stream()
        .map(Http.Response::status).toList() + " in " + seconds + " s");
    Http.Response limited = refused.getFirst();
    assertError(limited, 429, "rate_limited");
    assertTrue(limited.json().get("message").asText().contains("'rated'"), limited.body());
    long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
    assertError(https(SEARCHER).get("/v1/faces/unknown-face"), 404, "unknown_face"); // another token: not limited

    Thread.sleep(retryAfter * 1000); // as a client told to retry would
    assertError(rated.get("/v1/faces/unknown-face"), 404, "unknown_face");
  }

  @Test
  void aTokensConcurrencyIsLimitedWhileOneOfItsRequestsIsInFlight() throws Exception {
    Http single = https(SINGLE);
    // A request whose body never comes holds the token's one slot while the server waits for it.
    try (SSLSocket held = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("127.0.0.1", service.port())) {
      OutputStream out = held.getOutputStream();
      out.write(("POST /v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + SINGLE
          + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"embedding\": [").getBytes(
          StandardCharsets.US_ASCII));
      out.flush();
      Http.Response second = awaitStatus(single, 429);
      assertError(second, 429, "too_many_requests");
      assertTrue(second.json().get("message").asText().contains("'single'"), second.body());
      assertEquals("1", second.headers().firstValue("Retry-After").orElse(null));
      assertError(https(SEARCHER).get("/v1/faces/unknown-face"), 404, "unknown_face"); // other tokens still answered
    }
    // The held request failed when its connection closed, and gave its slot back.
    assertError(awaitStatus(single, 404), 404, "unknown_face");
  }

  /** Asks until the answer has this status (the server takes a moment to start the held request), at most 20 s. */
  private static Http.Response awaitStatus(Http http, int status) throws Exception {
    long end = System.nanoTime() + 20_000_000_000L;
    Http.Response r = http.get("/v1/faces/unknown-face");
    while (r.status() != status && System.nanoTime() < end) {
      Thread.sleep(50);
      r = http.get("/v1/faces/unknown-face");
    }
    return r;
  }

  @Test
  void aTokensBodyLimitRefusesLargerBodiesAndChunkedOnes() throws Exception {
    byte[] image = Files.readAllBytes(SharedTestData.lfw("Colin_Powell", 4));
    assertTrue(image.length > 4096);
    Http.Response large = https(SMALL).postMultipart("/v1/search", Map.of("image", image));
    assertError(large, 413, "body_too_large");
    assertTrue(large.json().get("message").asText().contains("'small'"), large.body());
    assertError(https(SMALL).postMultipartChunked("/v1/search", Map.of("image", image)), 411, "length_required");
    assertEquals(200, https(SEARCHER).postMultipart("/v1/search", Map.of("image", image)).status(),
        "the service's own limit is larger");
    Http.Response small = https(SMALL).postJson("/v1/search", Map.of("face_id",
        LfwIndex.faceId(SharedTestData.lfw("Colin_Powell", 1))));
    assertEquals(200, small.status(), small.body());
  }

  @Test
  void aMistakeInTheTokensOrCertificateFilesStopsTheStartNamingTheSetting() throws Exception {
    EngineConfig config = lfw.config(Optional.empty());
    Path badTokens = Files.writeString(dir.resolve("bad-tokens"), "searcher search " + SEARCHER + "\nx read "
        + ROOT + "\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddedService.start(
        config.withQuery(config.query().withTokens(Optional.of(badTokens), TokenLimits.NONE)), root.toString(),
        "127.0.0.1", 0));
    assertEquals("engine.query.tokens-file " + badTokens + " line 2: unknown scope 'read' (search, enrol, admin)",
        e.getMessage());
    Path noKey = dir.resolve("absent.key");
    e = assertThrows(IllegalArgumentException.class, () -> EmbeddedService.start(config.withQuery(config.query()
        .withTls(new TlsConfig(Optional.of(serverCert.certFile()), Optional.of(noKey), Optional.empty()))),
        root.toString(), "127.0.0.1", 0));
    assertEquals("engine.query.tls.key-file " + noKey + ": no such file", e.getMessage());
    Path notPem = Files.writeString(dir.resolve("not-a-key.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n"
        + "-----END PRIVATE KEY-----\n");
    e = assertThrows(IllegalArgumentException.class, () -> EmbeddedService.start(config.withQuery(config.query()
        .withTls(new TlsConfig(Optional.of(serverCert.certFile()), Optional.of(notPem), Optional.empty()))),
        root.toString(), "127.0.0.1", 0));
    assertTrue(e.getMessage().startsWith("engine.query.tls.key-file " + notPem + ": not a PEM private key in PKCS#8"),
        e.getMessage());
  }

  @Test
  void aRouterCallsAShardServerOverTlsTrustingItsCaAndSaysWhyWithoutIt() throws Exception {
    EngineConfig config = lfw.config(Optional.empty());
    TlsConfig serving = new TlsConfig(Optional.of(serverCert.certFile()), Optional.of(serverCert.keyFile()),
        Optional.empty());
    ShardServer shard = ShardServer.start(new GenerationStore(new Configuration(), root.toString()), Set.of(),
        new InetSocketAddress(LOOPBACK, 0), config.query().withTls(serving));
    started.add(shard);
    QueryConfig routing = config.query().withShardServers(List.of("127.0.0.1:" + shard.port()));

    Router trusting = Router.start(routing.withTls(new TlsConfig(Optional.empty(), Optional.empty(),
        Optional.of(caFile))), lfw.model.metric(), new SimpleMeterRegistry());
    started.add(trusting);
    assertTrue(trusting.awaitReady(Duration.ofSeconds(30)), "a router trusting the CA reaches the shard server");
    RoutedSearch found = trusting.search(lfw.embedding(SharedTestData.lfw("Gerhard_Schroeder", 4)), 3, null);
    assertFalse(found.partial(), found.failures().toString());
    assertEquals("Gerhard_Schroeder", found.candidates().getFirst().label());

    String endpoint = "shard server 127.0.0.1:" + shard.port();
    Router plaintext = Router.start(routing, lfw.model.metric(), new SimpleMeterRegistry());
    started.add(plaintext);
    String log = logs.await(endpoint + ": UNAVAILABLE", 30);
    assertTrue(log.contains("this router needs engine.query.tls.ca-file"), log);
    assertTrue(plaintext.active().isEmpty(), "a plaintext router never searches a TLS shard server");

    Path otherCa = TestCertificates.authority("another CA").writeCa(dir.resolve("other-ca.crt"));
    Router untrusting = Router.start(routing.withTls(new TlsConfig(Optional.empty(), Optional.empty(),
        Optional.of(otherCa))), lfw.model.metric(), new SimpleMeterRegistry());
    started.add(untrusting);
    log = logs.await("the TLS handshake failed", 30);
    assertTrue(log.contains(endpoint) && log.contains("engine.query.tls.ca-file " + otherCa), log);
    assertTrue(untrusting.active().isEmpty(), "a router that does not trust the certificate never searches it");
  }

  /**
   * Searches by JSON embedding, base64 image and multipart image, with a token, a wrong token, and
   * failing requests: the service's log holds none of the tokens, the image or the embedding.
   */
  @Test
  void noTokenImageOrEmbeddingEverReachesTheLogs() throws Exception {
    byte[] image = Files.readAllBytes(SharedTestData.lfw("Jean_Chretien", 4));
    String base64 = Base64.getEncoder().encodeToString(image);
    float[] embedding = lfw.embedding(SharedTestData.lfw("Jean_Chretien", 4));
    Http http = https(SEARCHER);
    assertEquals(200, http.postJson("/v1/search", Map.of("embedding", embedding)).status());
    assertEquals(200, http.postJson("/v1/search", Map.of("image", base64)).status());
    assertEquals(200, http.postMultipart("/v1/search", Map.of("image", image)).status());
    assertEquals(200, http.postJson("/v1/verify", Map.of("a", base64, "b", base64)).status());
    String embeddingJson = Http.JSON.writeValueAsString(embedding);
    List<Http.Response> failed = List.of(
        http.postJson("/v1/search", "null"), // a body the reader did not expect
        http.postJson("/v1/search", "{\"embedding\": " + embeddingJson.substring(0, embeddingJson.length() / 2)),
        http.postJson("/v1/search", "{\"embedding\": " + embeddingJson + ", \"k\": \"" + base64.substring(0, 64) + "\"}"),
        http.postJson("/v1/search", Map.of("image", base64.substring(0, base64.length() / 2))),
        https("Bearer-" + ROOT + "-x").postJson("/v1/search", Map.of("embedding", embedding)),
        https(CURATOR).postJson("/v1/search", Map.of("embedding", embedding)));
    for (Http.Response r : failed) {
      assertTrue(r.status() >= 400, r.status() + " " + r.body());
    }
    // A request abandoned halfway through its body, which fails inside the service.
    try (SSLSocket abandoned = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("127.0.0.1",
        service.port())) {
      abandoned.getOutputStream().write(("POST /v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + SEARCHER + "\r\nContent-Type: application/json\r\nContent-Length: " + (embeddingJson.length() + 20)
          + "\r\n\r\n{\"embedding\": " + embeddingJson.substring(0, embeddingJson.length() - 40)).getBytes(
          StandardCharsets.US_ASCII));
      abandoned.getOutputStream().flush();
      Thread.sleep(500); // the service starts reading the body
    }
    logs.await("POST /v1/search failed", 5); // logged as it fails, if it is logged

    String log = logs.text();
    assertTrue(log.contains("query service on HTTPS port " + service.port()), "the capture holds the service's log: "
        + log);
    for (String secret : List.of(SEARCHER, CURATOR, ROOT, RATED, SINGLE, SMALL)) {
      assertFalse(log.contains(secret), "a token in the log:\n" + log);
    }
    for (int from = 0; from + 32 <= base64.length(); from += 997) {
      assertFalse(log.contains(base64.substring(from, from + 32)), "the image in the log:\n" + log);
    }
    for (float value : embedding) {
      String number = Float.toString(value);
      if (number.length() >= 8) { // long enough not to occur by chance (a port, a timestamp)
        assertFalse(log.contains(number), "the embedding's " + number + " in the log:\n" + log);
      }
    }
  }
}
