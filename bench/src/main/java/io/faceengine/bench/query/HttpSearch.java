package io.faceengine.bench.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code POST /v1/search} with an embedding over real HTTP, as any client of the API sends it. */
public final class HttpSearch {
  private static final JsonMapper JSON = new JsonMapper();

  /** The candidates' face ids, best first, and whether some shard did not answer. */
  public record Answer(String[] faceIds, boolean partial) {}

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI search;

  public HttpSearch(String host, int port) {
    this.search = URI.create("http://" + host + ":" + port + "/v1/search");
  }

  /** The JSON body of a search for {@code embedding}'s {@code k} nearest faces. */
  public static String body(float[] embedding, int k) {
    StringBuilder body = new StringBuilder(embedding.length * 14).append("{\"k\":").append(k).append(",\"embedding\":[");
    for (int i = 0; i < embedding.length; i++) {
      body.append(i == 0 ? "" : ",").append(embedding[i]);
    }
    return body.append("]}").toString();
  }

  public Answer search(float[] embedding, int k) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(search).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(embedding, k))).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(search + " answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode answer = JSON.readTree(response.body());
    JsonNode candidates = answer.path("faces").path(0).path("candidates");
    String[] ids = new String[candidates.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = candidates.get(i).path("face_id").asText();
    }
    return new Answer(ids, answer.path("partial").asBoolean());
  }
}
