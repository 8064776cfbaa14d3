package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.core.image.BadImages;
import io.faceengine.core.testing.BadInputCatalogue;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bad-input catalogue ({@code docs/reliability.md}) through the HTTP API of one embedded service
 * on a loopback port: every bad image uploaded, every hostile JSON body and request sent. Each
 * answer is a 2xx or a 4xx with the API's JSON error, never a 5xx; the service stays healthy, and
 * each kind's answer is the one the table gives.
 */
class BadInputApiTest extends LfwServiceTestCase {
  /** The one 5xx the API gives: HTTP's own answer to a request in an HTTP version it does not speak. */
  private static final int HTTP_VERSION_NOT_SUPPORTED = 505;

  /** One request of a kind: what to send. */
  private interface Request {
    Http.Response send() throws Exception;
  }

  private final Map<String, List<Request>> kinds = new LinkedHashMap<>();
  private Http http;
  private int port;
  /** A good LFW face, for the requests that need a valid image beside the fault. */
  private byte[] face;

  @Test
  void everyBadRequestIsA4xxNamingTheReasonAndTheServiceStaysHealthy() throws Exception {
    try (EmbeddedService service = startEmbedded(root)) {
      port = service.port();
      http = new Http(port);
      face = Files.readAllBytes(SharedTestData.lfw("Tony_Blair", 1));
      imageKinds();
      nameKinds();
      jsonKinds();
      requestKinds();

      Map<String, String> observed = new LinkedHashMap<>();
      List<String> failures = new ArrayList<>();
      int requests = 0;
      for (Map.Entry<String, List<Request>> kind : kinds.entrySet()) {
        Set<String> outcomes = new LinkedHashSet<>();
        for (Request request : kind.getValue()) {
          requests++;
          Http.Response r;
          try {
            r = request.send();
          } catch (IOException e) {
            outcomes.add("no answer");
            failures.add(kind.getKey() + ": no answer, " + e);
            continue;
          }
          if (!answeredAsPromised(r)) {
            failures.add(kind.getKey() + ": " + r.status() + " " + r.body());
          }
          outcomes.add(r.json() == null ? r.status() + ", not JSON" : outcome(r));
        }
        observed.put(kind.getKey(), String.join("; ", outcomes));
      }
      Http.Response health = http.get("/v1/health");
      assertEquals(200, health.status(), health.body());
      assertEquals("ok", health.json().get("status").asText(), health.body());
      System.out.println("bad-input catalogue, HTTP API (" + kinds.size() + " kinds, " + requests + " requests):");
      observed.forEach((kind, outcome) -> System.out.println("| `" + kind + "` | " + outcome + " |"));
      assertEquals(List.of(), failures, "every answer a 2xx, or a 4xx with the API's JSON error");
      BadInputCatalogue.assertColumn(BadInputCatalogue.API, observed);
    }
  }

  /** A 200, or a 4xx (or the 505) with the API's JSON error: a code and a message. */
  private static boolean answeredAsPromised(Http.Response r) {
    if (r.status() == 200) {
      return true;
    }
    boolean refused = r.status() >= 400 && r.status() < 500 || r.status() == HTTP_VERSION_NOT_SUPPORTED;
    return refused && r.json() != null && !r.json().path("error").asText().isBlank()
        && !r.json().path("message").asText().isBlank();
  }

  /** An answer in the table's words: the status and the error code, or how many faces a 200 holds. */
  private static String outcome(Http.Response r) {
    if (r.status() != 200) {
      return r.status() + " `" + r.json().get("error").asText() + "`";
    }
    int faces = r.json().path("faces").size();
    return "200, " + faces + " face" + (faces == 1 ? "" : "s");
  }

  /** Every image file of the catalogue, uploaded under its name as {@code image} of a search. */
  private void imageKinds() throws Exception {
    for (BadImages.BadImage image : BadImages.all()) {
      add(image.kind(), () -> http.postMultipart("/v1/search",
          Map.of("image", new Http.FilePart(image.fileName(), image.bytes()))));
    }
  }

  private void nameKinds() throws Exception {
    for (int i = 0; i < BadInputCatalogue.UNICODE_NAMES.size(); i++) {
      byte[] bush = Files.readAllBytes(SharedTestData.lfw("George_W_Bush", i + 1));
      String name = BadInputCatalogue.UNICODE_NAMES.get(i);
      add("odd-unicode-names", () -> http.postMultipart("/v1/search", Map.of("image", new Http.FilePart(name, bush))));
    }
    float[] probe = lfw.embedding(SharedTestData.lfw("Tony_Blair", 4));
    for (String label : BadInputCatalogue.LABELS) {
      add("odd-labels", () -> http.postJson("/v1/search", Map.of("embedding", probe, "label", label)));
    }
    byte[] text = "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8);
    add("path-traversal", () -> http.postMultipart("/v1/search",
        Map.of("image", new Http.FilePart("../../../../etc/passwd", text))));
    add("path-traversal", () -> http.postJson("/v1/search", Map.of("face_id", "../../../../etc/passwd")));
    add("path-traversal", () -> http.get("/v1/faces/..%2F..%2F..%2Fetc%2Fpasswd/thumbnail"));
    add("path-traversal", () -> rawRequest("GET /v1/faces/../../../../etc/passwd HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\n\r\n"));
    add("over-size-limit", () -> http.postMultipart("/v1/search", Map.of("image", new byte[2_100_000])));
    add("over-size-limit", () -> http.postMultipartChunked("/v1/search", Map.of("image", new byte[2_100_000])));
  }

  private void jsonKinds() {
    float[] probe = lfw.embedding(SharedTestData.lfw("Tony_Blair", 4));
    String embedding = Arrays.toString(probe);
    String zerosAfter = ", 0".repeat(probe.length - 1);
    add("json-deep-nesting", () -> http.postJson("/v1/search", "{\"embedding\": " + "[".repeat(100_000)
        + "]".repeat(100_000) + "}"));
    add("json-deep-nesting", () -> http.postJson("/v1/search", "{\"label\": " + "{\"a\": ".repeat(50_000)
        + "1" + "}".repeat(50_000) + "}"));
    add("json-huge-number", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"k\": 1e400}"));
    add("json-huge-number", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding
        + ", \"k\": 123456789012345678901234567890}"));
    add("json-huge-number", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding
        + ", \"threshold\": 1e400}"));
    add("json-long-number", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"threshold\": 0."
        + "1".repeat(100_000) + "}"));
    add("embedding-nan", () -> http.postJson("/v1/search", "{\"embedding\": [NaN" + zerosAfter + "]}"));
    add("embedding-infinity", () -> http.postJson("/v1/search", "{\"embedding\": [Infinity" + zerosAfter + "]}"));
    add("embedding-infinity", () -> http.postJson("/v1/search", "{\"embedding\": [1e39" + zerosAfter + "]}"));
    add("embedding-zeros", () -> http.postJson("/v1/search", Map.of("embedding", new float[probe.length])));
    add("embedding-wrong-dimension", () -> http.postJson("/v1/search", Map.of("embedding", new float[probe.length + 1])));
    add("embedding-wrong-dimension", () -> http.postJson("/v1/search", Map.of("embedding", new float[0])));
    add("embedding-wrong-dimension", () -> http.postJson("/v1/search", Map.of("embedding", new float[400_000])));
    add("embedding-not-numbers", () -> http.postJson("/v1/search", "{\"embedding\": [\"a\"" + zerosAfter + "]}"));
    add("embedding-not-numbers", () -> http.postJson("/v1/search", "{\"embedding\": [null" + zerosAfter + "]}"));
    add("json-duplicate-keys", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"k\": 3, \"k\": 4}"));
    add("json-duplicate-keys", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"embedding\": "
        + embedding + "}"));
    for (String notAnObject : List.of("null", "[]", "3", "\"text\"")) {
      add("json-not-an-object", () -> http.postJson("/v1/search", notAnObject));
      add("json-not-an-object", () -> http.postJson("/v1/verify", notAnObject));
    }
    add("json-empty-body", () -> http.postJson("/v1/search", ""));
    add("json-truncated", () -> http.postJson("/v1/search", "{\"embedding\": [0.1, 0.2"));
    add("json-trailing-garbage", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + "} {\"k\": 3}"));
    add("json-invalid-utf8", () -> rawRequest(post("application/json", "{\"face_id\": \"\u00c3\u0028\"}")));
    add("json-without-content-type", () -> http.post("/v1/search", null, "{\"embedding\": " + embedding + "}"));
    add("json-unknown-field", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"__proto__\": {}}"));
    add("json-wrong-types", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"k\": \"3\"}"));
    add("json-wrong-types", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"k\": 3.5}"));
    add("json-wrong-types", () -> http.postJson("/v1/search", "{\"embedding\": \"" + embedding + "\"}"));
    add("k-out-of-range", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"k\": 0}"));
    add("k-out-of-range", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"k\": -1}"));
    add("k-out-of-range", () -> http.postJson("/v1/search", "{\"embedding\": " + embedding + ", \"k\": 1000000}"));
    add("invalid-base64", () -> http.postJson("/v1/search", "{\"image\": \"not base64!\"}"));
    String image = Base64.getEncoder().encodeToString(face);
    add("two-probes", () -> http.postJson("/v1/search", "{\"image\": \"" + image + "\", \"embedding\": " + embedding + "}"));
    add("no-probe", () -> http.postJson("/v1/search", "{\"k\": 3}"));
    add("no-probe", () -> http.postJson("/v1/verify", "{\"a\": \"" + image + "\"}"));
  }

  /** Requests malformed below the JSON: multipart forms and HTTP itself. */
  private void requestKinds() {
    add("multipart-without-image", () -> http.postMultipart("/v1/search", Map.of("k", "3")));
    add("multipart-duplicate-parts", () -> http.postMultipartParts("/v1/search", List.of(Map.entry("image", face),
        Map.entry("image", face))));
    add("multipart-duplicate-parts", () -> http.postMultipartParts("/v1/search", List.of(Map.entry("image", face),
        Map.entry("k", "3"), Map.entry("k", "4"))));
    // Raw, one connection each: Jetty may close a connection after refusing a malformed body, and a
    // pooled client's next request on it would get no answer.
    add("multipart-malformed", () -> rawRequest(post("multipart/form-data", "no boundary at all")));
    add("multipart-malformed", () -> rawRequest(post("multipart/form-data; boundary=xyz",
        "--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n\r\nno closing boundary")));
    add("malformed-http", () -> rawRequest("GET /v1/health?q=" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    add("malformed-http", () -> rawRequest("GET /v1/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "y".repeat(20_000)
        + "\r\n\r\n"));
    add("malformed-http", () -> rawRequest("GET /v1/health HTTP/7.0\r\nHost: localhost\r\n\r\n"));
    add("malformed-http", () -> rawRequest("BLAH\r\n\r\n"));
  }

  /** A POST of {@code body}, each char one byte (ISO-8859-1): how bytes that are not UTF-8 get through. */
  private static String post(String contentType, String body) {
    return "POST /v1/search HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\nContent-Length: "
        + body.length() + "\r\nConnection: close\r\n\r\n" + body;
  }

  /** A request sent as raw bytes, its answer read back as a response. */
  private Http.Response rawRequest(String request) throws Exception {
    String answer = Http.raw(port, request);
    int end = answer.indexOf("\r\n\r\n");
    String head = answer.substring(0, Math.max(0, end));
    int status = Integer.parseInt(head.substring(9, 12));
    String body = new String(answer.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    boolean json = head.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json");
    JsonNode tree = json ? Http.JSON.readTree(body) : null;
    return new Http.Response(status, body, tree);
  }

  private void add(String kind, Request request) {
    kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(request);
  }
}
