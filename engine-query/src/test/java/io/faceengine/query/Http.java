package io.faceengine.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** A small HTTP client for the API tests: JSON and multipart requests, JSON answers. */
final class Http {
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** An answer: status, raw body, the body parsed when it is JSON, and the headers. */
  record Response(int status, String body, JsonNode json, HttpHeaders headers) {
    Response(int status, String body, JsonNode json) {
      this(status, body, json, HttpHeaders.of(Map.of(), (name, value) -> true));
    }
  }

  /** A multipart file part with its own file name (a byte[] part is named after the part). */
  record FilePart(String filename, byte[] bytes) {}

  private final HttpClient client;
  private final String base;
  private final String token;

  private Http(HttpClient client, String base, String token) {
    this.client = client;
    this.base = base;
    this.token = token;
  }

  Http(int port, String token) {
    this(HttpClient.newHttpClient(), "http://127.0.0.1:" + port, token);
  }

  /** A client of an HTTPS API that trusts what {@code tls} trusts. */
  static Http https(int port, javax.net.ssl.SSLContext tls, String token) {
    return new Http(HttpClient.newBuilder().sslContext(tls).build(), "https://127.0.0.1:" + port, token);
  }

  Http(int port) {
    this(port, null);
  }

  Response get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  /** A GET whose answer is binary (an image), or a JSON error read as bytes. */
  HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  Response postJson(String path, String json) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response postJson(String path, Object body) throws IOException, InterruptedException {
    return postJson(path, JSON.writeValueAsString(body));
  }

  /** A body with the given Content-Type, or none when null. */
  Response post(String path, String contentType, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** A multipart form whose parts may repeat a name. */
  Response postMultipartParts(String path, java.util.List<? extends Map.Entry<String, ?>> parts)
      throws IOException, InterruptedException {
    return postMultipart(path, parts, false);
  }

  /** Sends raw bytes on a new connection and returns all the server answers until it closes or pauses. */
  static String raw(int port, String request) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
        // the server keeps the connection open, or reset it after answering: the answer is complete
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** A multipart form: byte[] and FilePart values become file parts, others text fields. */
  Response postMultipart(String path, Map<String, Object> parts) throws IOException, InterruptedException {
    return postMultipart(path, parts, false);
  }

  /** A multipart form sent chunked, without a Content-Length, as streaming clients do. */
  Response postMultipartChunked(String path, Map<String, Object> parts) throws IOException, InterruptedException {
    return postMultipart(path, parts, true);
  }

  private Response postMultipart(String path, Map<String, Object> parts, boolean chunked)
      throws IOException, InterruptedException {
    return postMultipart(path, java.util.List.copyOf(parts.entrySet()), chunked);
  }

  private Response postMultipart(String path, java.util.List<? extends Map.Entry<String, ?>> parts, boolean chunked)
      throws IOException, InterruptedException {
    String boundary = "----test" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, ?> part : parts) {
      body.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
      FilePart file = part.getValue() instanceof byte[] bytes ? new FilePart(part.getKey() + ".jpg", bytes)
          : part.getValue() instanceof FilePart named ? named : null;
      if (file != null) {
        body.write(("Content-Disposition: form-data; name=\"" + part.getKey() + "\"; filename=\"" + file.filename()
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file.bytes());
      } else {
        body.write(("Content-Disposition: form-data; name=\"" + part.getKey() + "\"\r\n\r\n" + part.getValue())
            .getBytes(StandardCharsets.UTF_8));
      }
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    byte[] bytes = body.toByteArray();
    return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))
            : HttpRequest.BodyPublishers.ofByteArray(bytes)));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      json = JSON.readTree(response.body());
    }
    return new Response(response.statusCode(), response.body(), json, response.headers());
  }
}
