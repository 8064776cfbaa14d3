package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.testing.Degraded;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.FaceDoc;
import io.faceengine.query.Http.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded service over a 4-shard index of real LFW faces, through its HTTP API on a free loopback port. */
class QueryApiTest extends LfwServiceTestCase {
  /** A face whose source image is a copy, deleted by a test; and one whose source image is not an image. */
  private static final String COPIED_FACE = "copied-serena";
  private static final String BROKEN_FACE = "broken-source";
  private static EmbeddedService service;
  private static Http http;

  @BeforeAll
  static void start() throws IOException {
    // A second generation: the base's faces and two whose source images the tests change.
    lfw.publish(root, dir.resolve("build-extra"), LfwIndex.PEOPLE, LfwIndex.SHARDS, List.of(
        storedFace(COPIED_FACE, Files.copy(SharedTestData.lfw("Serena_Williams", 1), dir.resolve("copied.jpg"))),
        storedFace(BROKEN_FACE, Files.writeString(dir.resolve("broken.jpg"), "not a JPEG"))));
    service = startEmbedded(root);
    http = new Http(service.port());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void anotherPhotoOfAnIndexedPersonFindsThemFirst() throws Exception {
    for (String person : List.of("Colin_Powell", "Tony_Blair")) {
      byte[] probe = Files.readAllBytes(SharedTestData.lfw(person, LfwIndex.INDEXED_IMAGES + 1));
      Http.Response r = http.postMultipart("/v1/search", Map.of("image", probe, "k", "5"));
      assertEquals(200, r.status(), r.body());
      assertEquals(2, r.json().get("generation").asLong(), "the generation with the extra faces");
      assertFalse(r.json().get("partial").asBoolean(), r.body());
      JsonNode face = r.json().get("faces").get(0);
      assertTrue(face.has("box"), r.body());
      JsonNode candidates = face.get("candidates");
      assertEquals(5, candidates.size());
      assertEquals(person, candidates.get(0).get("label").asText(), r.body());
      double d = candidates.get(0).get("distance").asDouble();
      // The cosine similarity of unit vectors: 1 - d^2/2 for Euclidean distance, 1 - d for cosine distance.
      double similarity = lfw.model.metric() == DistanceMetric.EUCLIDEAN ? 1 - d * d / 2 : 1 - d;
      assertEquals(similarity, candidates.get(0).get("similarity").asDouble(), 1e-4, "the cosine similarity");
      for (int i = 1; i < candidates.size(); i++) {
        assertTrue(candidates.get(i).get("distance").asDouble() >= candidates.get(i - 1).get("distance").asDouble());
      }
      // The default decision applies the model's open-set threshold, tighter than the 1:1 one.
      JsonNode decision = face.get("decision");
      assertEquals(lfw.model.searchThreshold(), decision.get("threshold").floatValue(), 1e-6);
      boolean within = d < lfw.model.searchThreshold();
      assertEquals(within, decision.get("known").asBoolean(), r.body());
      assertEquals(within ? person : "unknown", decision.get("identity").asText());

      Http.Response lenient = http.postMultipart("/v1/search",
          Map.of("image", probe, "k", "5", "threshold", String.valueOf(lfw.model.threshold())));
      JsonNode atOneToOne = lenient.json().get("faces").get(0).get("decision");
      assertTrue(atOneToOne.get("known").asBoolean(), lenient.body());
      assertEquals(person, atOneToOne.get("identity").asText(), "at the request's threshold " + lfw.model.threshold());
    }
  }

  /**
   * A heavily blurred photo of an indexed person: the quality gate answers low_quality with its
   * reasons instead of a name, the candidates still listed; "quality": "ignore" decides it as usual.
   */
  @Test
  void aBlurredProbeIsAnsweredLowQualityUnlessTheRequestIgnoresQuality() throws Exception {
    byte[] blurred = Degraded.blurred(SharedTestData.lfw("Colin_Powell", LfwIndex.INDEXED_IMAGES + 1));
    Http.Response r = http.postJson("/v1/search", Map.of("image", Base64.getEncoder().encodeToString(blurred), "k", 3));
    assertEquals(200, r.status(), r.body());
    JsonNode face = r.json().get("faces").get(0);
    JsonNode decision = face.get("decision");
    assertFalse(decision.get("known").asBoolean(), r.body());
    assertEquals("low_quality", decision.get("identity").asText(), r.body());
    assertEquals(List.of("blurred"), Http.JSON.convertValue(decision.get("reasons"), List.class), r.body());
    assertEquals(3, face.get("candidates").size(), "the candidates are still listed");
    assertEquals(face.get("candidates").get(0).get("distance").asDouble(), decision.get("distance").asDouble(), 1e-6);
    assertTrue(face.get("quality").get("sharpness").asDouble() < lfw.config.quality().limits().minSharpness(), r.body());

    Http.Response ignored = http.postMultipart("/v1/search", Map.of("image", blurred, "k", "3", "quality", "ignore"));
    assertEquals(200, ignored.status(), ignored.body());
    JsonNode plain = ignored.json().get("faces").get(0).get("decision");
    assertFalse(plain.has("reasons"), ignored.body());
    assertTrue(List.of("Colin_Powell", "unknown").contains(plain.get("identity").asText()), ignored.body());

    byte[] sharp = Files.readAllBytes(SharedTestData.lfw("Colin_Powell", LfwIndex.INDEXED_IMAGES + 1));
    Http.Response gated = http.postMultipart("/v1/search", Map.of("image", sharp, "k", "3", "quality", "gate"));
    JsonNode sharpDecision = gated.json().get("faces").get(0).get("decision");
    assertFalse(sharpDecision.has("reasons"), "a sharp frontal probe passes the gate: " + gated.body());
    assertTrue(List.of("Colin_Powell", "unknown").contains(sharpDecision.get("identity").asText()), gated.body());

    Http.Response bad = http.postJson("/v1/search", Map.of("image", Base64.getEncoder().encodeToString(sharp),
        "quality", "maybe"));
    assertEquals(400, bad.status(), bad.body());
    assertEquals("invalid_quality", bad.json().get("error").asText());
  }

  @Test
  void aStrangerIsUnknown() throws Exception {
    byte[] probe = Files.readAllBytes(SharedTestData.lfw("Tara_Reid", 1));
    Http.Response r = http.postJson("/v1/search", Map.of("image", Base64.getEncoder().encodeToString(probe)));
    assertEquals(200, r.status(), r.body());
    JsonNode decision = r.json().get("faces").get(0).get("decision");
    assertFalse(decision.get("known").asBoolean(), r.body());
    assertEquals("unknown", decision.get("identity").asText());
    assertTrue(decision.get("distance").asDouble() >= lfw.model.searchThreshold(), r.body());
    assertEquals(10, r.json().get("faces").get(0).get("candidates").size(), "default k");
  }

  @Test
  void searchesByEmbeddingAndByStoredFaceAgreeWithTheImageSearch() throws Exception {
    Path probe = SharedTestData.lfw("Jacques_Chirac", LfwIndex.INDEXED_IMAGES + 1);
    Http.Response byEmbedding = http.postJson("/v1/search", Map.of("embedding", lfw.embedding(probe), "k", 3));
    assertEquals(200, byEmbedding.status(), byEmbedding.body());
    assertEquals("Jacques_Chirac", byEmbedding.json().get("faces").get(0).get("decision").get("identity").asText());

    String stored = LfwIndex.faceId(SharedTestData.lfw("Jacques_Chirac", 1));
    Http.Response byFace = http.postJson("/v1/search", Map.of("face_id", stored, "k", 3, "label", "Jacques_Chirac"));
    assertEquals(200, byFace.status(), byFace.body());
    JsonNode candidates = byFace.json().get("faces").get(0).get("candidates");
    assertEquals(stored, candidates.get(0).get("face_id").asText(), "the stored face finds itself first");
    assertEquals(0, candidates.get(0).get("distance").asDouble(), 1e-3);
    assertEquals(3, candidates.size(), "three Chirac faces are indexed");
    candidates.forEach(c -> assertEquals("Jacques_Chirac", c.get("label").asText(), "label filter"));

    Http.Response face = http.get("/v1/faces/" + stored);
    assertEquals(200, face.status(), face.body());
    assertEquals("Jacques_Chirac", face.json().get("label").asText());
    assertEquals(lfw.model.outputDimension(), face.json().get("embedding").size());
    assertEquals(SharedTestData.lfw("Jacques_Chirac", 1).toUri().toString(), face.json().get("image_uri").asText());
  }

  @Test
  void verifyComparesTwoImages() throws Exception {
    byte[] a = Files.readAllBytes(SharedTestData.lfw("Tony_Blair", 1));
    byte[] b = Files.readAllBytes(SharedTestData.lfw("Tony_Blair", 2));
    byte[] c = Files.readAllBytes(SharedTestData.lfw("Colin_Powell", 1));
    Http.Response same = http.postMultipart("/v1/verify", Map.of("a", a, "b", b));
    assertEquals(200, same.status(), same.body());
    assertTrue(same.json().get("same_person").asBoolean(), same.body());
    Http.Response different = http.postJson("/v1/verify", Map.of("a", Base64.getEncoder().encodeToString(a),
        "b", Base64.getEncoder().encodeToString(c)));
    assertEquals(200, different.status(), different.body());
    assertFalse(different.json().get("same_person").asBoolean(), different.body());
    assertTrue(different.json().get("distance").asDouble() > different.json().get("threshold").asDouble());
  }

  @Test
  void everyBadRequestGetsAClear4xx() throws Exception {
    byte[] face = Files.readAllBytes(SharedTestData.lfw("Tony_Blair", 1));
    String image = Base64.getEncoder().encodeToString(face);
    assertError(http.postJson("/v1/search", "{\"image\": "), 400, "malformed_json");
    assertError(http.postJson("/v1/search", Map.of("image", image, "colour", "red")), 400, "unknown_field");
    assertError(http.postJson("/v1/search", Map.of("k", 3)), 400, "invalid_probe");
    assertError(http.postJson("/v1/search", Map.of("image", image, "k", 1001)), 400, "invalid_k");
    assertError(http.postJson("/v1/search", Map.of("image", image, "k", 0)), 400, "invalid_k");
    assertError(http.postJson("/v1/search", Map.of("embedding", new float[] {1, 0, 0})), 400, "wrong_dimension");
    assertError(http.postJson("/v1/search", Map.of("embedding", new float[lfw.model.outputDimension()])), 400,
        "invalid_embedding");
    assertError(http.postJson("/v1/search", Map.of("image", "***")), 400, "invalid_base64");
    assertError(http.postJson("/v1/search", Map.of("face_id", "0000")), 404, "unknown_face");
    assertError(http.get("/v1/faces/0000"), 404, "unknown_face");
    assertError(http.postMultipart("/v1/search", Map.of("k", "3")), 400, "missing_image");
    assertError(http.postMultipart("/v1/search", Map.of("image", "not an image at all".getBytes())), 415,
        "unsupported_image");
    byte[] truncated = java.util.Arrays.copyOf(face, face.length / 2);
    assertError(http.postMultipart("/v1/search", Map.of("image", truncated)), 400, "invalid_image");
    assertError(http.postMultipart("/v1/search", Map.of("image", blankPng())), 422, "no_face");
    assertError(http.postMultipart("/v1/search", Map.of("image", hugePngHeader())), 413, "too_many_pixels");
    assertError(http.postMultipart("/v1/search", Map.of("image", new byte[2_100_000])), 413, "body_too_large");
    assertError(http.postMultipartChunked("/v1/search", Map.of("image", new byte[2_100_000])), 413, "body_too_large");
    assertError(http.postJson("/v1/verify", Map.of("a", image)), 400, "invalid_request");
    assertError(http.get("/v1/nothing"), 404, "not_found");
  }

  /** Requests a hostile client sends: every one a 4xx with the API's JSON error naming the field, never a 500. */
  @Test
  void hostileJsonBodiesAreRefusedNamingTheField() throws Exception {
    String image = Base64.getEncoder().encodeToString(Files.readAllBytes(SharedTestData.lfw("Tony_Blair", 1)));
    for (String path : List.of("/v1/search", "/v1/verify")) {
      for (String notAnObject : List.of("null", "[]", "3", "\"text\"", "true")) {
        assertError(http.postJson(path, notAnObject), 400, "malformed_json");
      }
    }
    assertError(http.postJson("/v1/search", "{\"image\": \"" + image + "\", \"k\": \"3\"}"), 400, "invalid_k");
    assertError(http.postJson("/v1/search", "{\"image\": \"" + image + "\", \"k\": 3.5}"), 400, "invalid_k");
    assertError(http.postJson("/v1/search", "{\"image\": \"" + image + "\", \"threshold\": \"0.5\"}"), 400,
        "invalid_threshold");
    Http.Response duplicate = http.postJson("/v1/search", "{\"image\": \"" + image + "\", \"k\": 3, \"k\": 4}");
    assertError(duplicate, 400, "duplicate_field");
    assertTrue(duplicate.json().get("message").asText().contains("'k'"), duplicate.body());
    assertError(http.post("/v1/search", "text/plain", "{\"image\": \"" + image + "\"}"), 415, "unsupported_media_type");
    assertError(http.post("/v1/verify", null, "{\"a\": \"" + image + "\", \"b\": \"" + image + "\"}"), 415,
        "unsupported_media_type");
    byte[] face = Files.readAllBytes(SharedTestData.lfw("Tony_Blair", 1));
    assertError(http.postMultipartParts("/v1/search", List.of(Map.entry("image", face), Map.entry("image", face))), 400,
        "duplicate_part");
    assertError(http.postMultipartParts("/v1/verify", List.of(Map.entry("a", face), Map.entry("a", face),
        Map.entry("b", face))), 400, "duplicate_part");
    assertError(http.postMultipartParts("/v1/search", List.of(Map.entry("image", face), Map.entry("k", "3"),
        Map.entry("k", "4"))), 400, "duplicate_part");
  }

  /**
   * A request refused on its headers while its body is still being sent: the client reads the
   * error and the connection carries its next request (Jetty closed it silently, and a client still
   * writing the body saw a broken pipe or no answer: CI's flake at the 415 of a JSON body sent as text/plain).
   */
  @Test
  void aRequestRefusedBeforeItsBodyArrivesIsAnsweredAndTheConnectionKept() throws Exception {
    byte[] body = ("{\"embedding\": [" + "0.1, ".repeat(40_000) + "0.1]}").getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket("127.0.0.1", service.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/search HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      Thread.sleep(500); // the service refuses the request on its headers meanwhile
      out.write(body, body.length / 2, body.length - body.length / 2);
      out.write("GET /v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answers.startsWith("HTTP/1.1 415"), answers);
      assertTrue(answers.contains("unsupported_media_type"), answers);
      assertTrue(answers.contains("HTTP/1.1 200"), "the next request on the connection is answered: " + answers);
    }
  }

  /** An embedding is a direction: any positive scale of it is the same probe; zero, NaN, Infinity are refused. */
  @Test
  void anEmbeddingAtAnyScaleIsNormalisedAndBadOnesAreRefused() throws Exception {
    float[] embedding = lfw.embedding(SharedTestData.lfw("Jacques_Chirac", LfwIndex.INDEXED_IMAGES + 1));
    Http.Response unit = http.postJson("/v1/search", Map.of("embedding", embedding, "k", 3));
    assertEquals(200, unit.status(), unit.body());
    for (double scale : new double[] {1e-21, 1e-30, 1e20, 1e30}) {
      float[] scaled = new float[embedding.length];
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] = (float) (embedding[i] * scale);
      }
      Http.Response r = http.postJson("/v1/search", Map.of("embedding", scaled, "k", 3));
      assertEquals(200, r.status(), "scale " + scale + ": " + r.body());
      assertFalse(r.json().get("partial").asBoolean(), "scale " + scale + ": " + r.body());
      for (int i = 0; i < 3; i++) {
        assertEquals(unit.json().at("/faces/0/candidates/" + i + "/face_id").asText(),
            r.json().at("/faces/0/candidates/" + i + "/face_id").asText(), "scale " + scale);
      }
      assertEquals("Jacques_Chirac", r.json().at("/faces/0/decision/identity").asText(), "scale " + scale);
    }
    String overflow = "{\"embedding\": [1e39" + ", 0".repeat(embedding.length - 1) + "]}";
    Http.Response infinite = http.postJson("/v1/search", overflow);
    assertError(infinite, 400, "invalid_embedding");
    assertTrue(infinite.json().get("message").asText().contains("embedding"), infinite.body());
    assertError(http.postJson("/v1/search", "{\"embedding\": [NaN" + ", 0".repeat(embedding.length - 1) + "]}"), 400,
        "malformed_json");
    assertError(http.postJson("/v1/search", Map.of("embedding", new float[embedding.length])), 400,
        "invalid_embedding");
    assertError(http.postJson("/v1/search", Map.of("embedding", new float[embedding.length + 1])), 400,
        "wrong_dimension");
  }

  /** Errors Jetty raises itself, before any route runs: the API's JSON error too, not Jetty's HTML page. */
  @Test
  void jettysOwnErrorsAreJson() throws Exception {
    String longUri = "GET /v1/health?q=" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    assertRawError(longUri, 414, "uri_too_long");
    String bigHeader = "GET /v1/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n";
    assertRawError(bigHeader, 431, "headers_too_large");
    assertRawError("GET /v1/health HTTP/7.0\r\nHost: localhost\r\n\r\n", 505, "http_version_not_supported");
    assertRawError("BLAH\r\n\r\n", 400, "bad_request");
  }

  private static void assertRawError(String request, int status, String error) throws IOException {
    String answer = Http.raw(service.port(), request);
    String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
    assertTrue(head.startsWith("HTTP/1.1 " + status), answer);
    assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), answer);
    JsonNode body = Http.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertEquals(error, body.get("error").asText(), answer);
    assertFalse(body.get("message").asText().isBlank(), answer);
  }

  @Test
  void healthMetricsAndOpenApi() throws Exception {
    Http.Response health = http.get("/v1/health");
    assertEquals(200, health.status(), health.body());
    assertEquals("ok", health.json().get("status").asText());
    assertEquals(4, health.json().get("shards_ready").asInt());
    assertEquals(LfwIndex.PEOPLE.size() * LfwIndex.INDEXED_IMAGES + 2, health.json().get("docs").asInt());

    assertEquals(200, http.postJson("/v1/search",
        Map.of("embedding", lfw.embedding(SharedTestData.lfw("Tony_Blair", 1)))).status());
    Http.Response metrics = http.get("/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.body().contains("faceengine_http_requests_seconds_count{method=\"GET\",route=\"/v1/health\""
        + ",status=\"200\"}"), metrics.body());
    assertTrue(metrics.body().contains("faceengine_http_requests_seconds_bucket"), "latency histogram");
    assertTrue(metrics.body().contains("faceengine_router_overhead_seconds_count"), "fan-out overhead");
    assertTrue(metrics.body().contains("faceengine_shard_calls_seconds_count{outcome=\"ok\",shard=\"3\"}"),
        "shard calls");

    Http.Response openApi = http.get("/openapi.json");
    assertEquals(200, openApi.status());
    List<String> described = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = openApi.json().get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue().fieldNames().forEachRemaining(m -> described.add(m.toUpperCase(java.util.Locale.ROOT) + " "
          + path.getKey()));
    }
    assertEquals(new TreeSet<>(service.routes()), new TreeSet<>(described),
        "every route the server registers is in /openapi.json, and nothing else");

    // Without a clustering (engine.query.clusters), the cluster routes say so, and health has no clusters.
    assertFalse(health.json().has("clusters"), health.body());
    for (String path : List.of("/v1/clusters", "/v1/clusters/0", "/v1/faces/" + LfwIndex.faceId(
        SharedTestData.lfw("Tony_Blair", 1)) + "/cluster")) {
      Http.Response none = http.get(path);
      assertEquals(404, none.status(), none.body());
      assertEquals("no_clustering", none.json().get("error").asText(), none.body());
    }
    Http.Response naming = http.postJson("/v1/clusters/0/name", Map.of("label", "Someone"));
    assertEquals(404, naming.status(), naming.body());
  }

  @Test
  void aServiceSwitchedToAnotherEmbedderRefusesImageProbesNamingTheSettingToChange() throws Exception {
    io.faceengine.core.model.ModelManifest manifest =
        io.faceengine.core.model.ModelManifest.load(lfw.config.models().manifest());
    io.faceengine.core.model.ModelSpec other = manifest.models().stream()
        .filter(m -> m.role() == io.faceengine.core.model.ModelRole.EMBEDDER && !m.id().equals(lfw.model.id()))
        .findFirst().orElseThrow();
    SharedTestData.model(other.file());
    byte[] face = Files.readAllBytes(SharedTestData.lfw("Tony_Blair", 4));
    try (EmbeddedService switched = EmbeddedService.start(lfw.config(Optional.empty()).withEmbedder(
        Optional.of(other.id())), dir.resolve("index").toString(), "127.0.0.1", 0)) {
      Http.Response r = new Http(switched.port()).postMultipart("/v1/search", Map.of("image", face));
      assertError(r, 409, "model_mismatch");
      String message = r.json().get("message").asText();
      assertTrue(message.contains("engine.models.embedder = " + lfw.model.id()) && message.contains(other.id()), message);
    }
  }

  @Test
  void thumbnailsAreSquareJpegsOfTheFace() throws Exception {
    Path source = SharedTestData.lfw("Tony_Blair", 1);
    String path = "/v1/faces/" + LfwIndex.faceId(source) + "/thumbnail";
    HttpResponse<byte[]> standard = http.getBytes(path);
    assertEquals(200, standard.statusCode(), new String(standard.body()));
    assertEquals("image/jpeg", standard.headers().firstValue("Content-Type").orElse(""));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(standard.body()));
    assertEquals(128, image.getWidth(), "the default size");
    assertEquals(128, image.getHeight());

    HttpResponse<byte[]> large = http.getBytes(path + "?size=256");
    assertEquals(256, ImageIO.read(new ByteArrayInputStream(large.body())).getWidth());
    // The thumbnail shows the face itself: the pipeline finds it there, and it matches the source's face.
    float[] inThumbnail = lfw.pipeline.analyze(large.body(), "thumbnail").centralFace()
        .orElseThrow(() -> new AssertionError("no face in the thumbnail")).embedding();
    assertTrue(lfw.model.metric().distance(inThumbnail, lfw.embedding(source)) < lfw.model.threshold(),
        "the thumbnail's face is Tony Blair's");

    assertError(json(http.getBytes(path + "?size=300")), 400, "invalid_size");
    assertError(json(http.getBytes(path + "?size=big")), 400, "invalid_size");
    assertError(json(http.getBytes("/v1/faces/0000/thumbnail")), 404, "unknown_face");
    assertError(json(http.getBytes("/v1/faces/" + BROKEN_FACE + "/thumbnail")), 422, "source_image_unreadable");
  }

  @Test
  void theSourceImageComesScaledWithTheFaceBoxOnIt() throws Exception {
    Path source = SharedTestData.lfw("Tony_Blair", 2);
    HttpResponse<byte[]> r = http.getBytes("/v1/faces/" + LfwIndex.faceId(source) + "/image?size=100");
    assertEquals(200, r.statusCode(), new String(r.body()));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertEquals(100, image.getWidth(), "LFW's 250x250 scaled to 100");
    assertEquals(100, image.getHeight());
    String[] box = r.headers().firstValue("X-Face-Box").orElseThrow().split(",");
    var stored = lfw.mainFace(source).box();
    assertEquals(stored.x() * 0.4, Double.parseDouble(box[0]), 0.1);
    assertEquals(stored.y() * 0.4, Double.parseDouble(box[1]), 0.1);
    assertEquals(stored.width() * 0.4, Double.parseDouble(box[2]), 0.1);
    assertEquals(stored.height() * 0.4, Double.parseDouble(box[3]), 0.1);
    HttpResponse<byte[]> full = http.getBytes("/v1/faces/" + LfwIndex.faceId(source) + "/image");
    assertEquals(250, ImageIO.read(new ByteArrayInputStream(full.body())).getWidth(), "never enlarged");
  }

  @Test
  void aThumbnailStaysCachedWhenItsSourceImageGoes() throws Exception {
    String thumbnail = "/v1/faces/" + COPIED_FACE + "/thumbnail?size=64";
    HttpResponse<byte[]> before = http.getBytes(thumbnail);
    assertEquals(200, before.statusCode(), new String(before.body()));
    Files.delete(dir.resolve("copied.jpg"));
    HttpResponse<byte[]> after = http.getBytes(thumbnail);
    assertEquals(200, after.statusCode(), "served from the cache");
    assertArrayEquals(before.body(), after.body());
    Response gone = json(http.getBytes("/v1/faces/" + COPIED_FACE + "/image"));
    assertError(gone, 404, "source_image_missing");
    assertTrue(gone.json().get("message").asText().contains("copied.jpg"), gone.body());
    assertError(json(http.getBytes("/v1/faces/" + COPIED_FACE + "/thumbnail?size=32")), 404, "source_image_missing");
  }

  @Test
  void theConsoleIsServedAtTheRoot() throws Exception {
    Http.Response page = http.get("/");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("<title>Face engine console</title>"), page.body());
    Http.Response script = http.get("/app.js");
    assertEquals(200, script.status());
    assertTrue(script.body().contains("import "), "an ES module");
  }

  /** An extra face of the index, with its source image's main face. */
  private static FaceDoc storedFace(String faceId, Path image) {
    var face = lfw.mainFace(SharedTestData.lfw("Serena_Williams", 1));
    return new FaceDoc(faceId, "img-" + faceId, image.toUri().toString(), "Serena_Williams", "run-test", face.box(),
        face.embedding());
  }

  private static Response json(HttpResponse<byte[]> r) throws IOException {
    String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    return new Response(r.statusCode(), body, Http.JSON.readTree(body));
  }

  static void assertError(Http.Response r, int status, String error) {
    assertEquals(status, r.status(), r.body());
    assertEquals(error, r.json().get("error").asText(), r.body());
    assertFalse(r.json().get("message").asText().isBlank(), r.body());
  }

  /** A real image without a face: a uniform grey PNG. */
  static byte[] blankPng() throws IOException {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(200, 200,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(java.awt.Color.GRAY);
    g.fillRect(0, 0, 200, 200);
    g.dispose();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** A PNG whose header claims 50,000 x 50,000 pixels: refused from the header, before decoding. */
  static byte[] hugePngHeader() throws IOException {
    byte[] png = blankPng();
    java.nio.ByteBuffer.wrap(png, 16, 8).putInt(50_000).putInt(50_000); // IHDR width and height
    return png;
  }
}
