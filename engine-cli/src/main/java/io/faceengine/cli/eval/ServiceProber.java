package io.faceengine.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.core.eval.OpenSetSplit.LabelledImage;
import io.faceengine.core.eval.ProbeResult;
import io.faceengine.core.image.ImageHeader;
import io.faceengine.core.image.ImageHeaderReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Asks a running query service who the subject of a probe image is, through its HTTP API
 * ({@code POST /v1/search} with the image), the way a client would. The subject is the face holding
 * the image centre (the largest if several or none do), as in enrolment.
 */
final class ServiceProber {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI search;
  private final int k;

  ServiceProber(URI base, int k) {
    this.search = base.resolve("/v1/search");
    this.k = k;
  }

  /** The service's answer for one probe; no candidates when the image shows no face (422 no_face). */
  ProbeResult probe(LabelledImage image, boolean mated) throws IOException, InterruptedException {
    byte[] bytes = Files.readAllBytes(Path.of(image.image()));
    String body = JSON.writeValueAsString(Map.of("image", Base64.getEncoder().encodeToString(bytes), "k", k));
    HttpRequest request = HttpRequest.newBuilder(search).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(response.body());
    if (response.statusCode() == 422 && "no_face".equals(answer.path("error").asText())) {
      return new ProbeResult(mated, image.label(), List.of());
    }
    if (response.statusCode() != 200) {
      throw new IOException(image.image() + ": the service answered " + response.statusCode() + " " + response.body());
    }
    if (answer.path("partial").asBoolean()) {
      throw new IOException(image.image() + ": partial answer (failed shards " + answer.path("failed_shards") + ")");
    }
    JsonNode subject = subject(answer.path("faces"), ImageHeaderReader.read(bytes, image.image()));
    List<ProbeResult.Candidate> candidates = new ArrayList<>();
    for (JsonNode candidate : subject.path("candidates")) {
      candidates.add(new ProbeResult.Candidate(candidate.path("label").asText(), candidate.path("distance").asDouble()));
    }
    return new ProbeResult(mated, image.label(), candidates);
  }

  private static JsonNode subject(JsonNode faces, ImageHeader header) {
    double cx = header.width() / 2.0;
    double cy = header.height() / 2.0;
    JsonNode best = null;
    double bestArea = -1;
    boolean bestHoldsCentre = false;
    for (JsonNode face : faces) {
      JsonNode box = face.path("box");
      double x = box.path("x").asDouble();
      double y = box.path("y").asDouble();
      double w = box.path("width").asDouble();
      double h = box.path("height").asDouble();
      boolean holdsCentre = cx >= x && cx <= x + w && cy >= y && cy <= y + h;
      double area = w * h;
      if (best == null || (holdsCentre && !bestHoldsCentre) || (holdsCentre == bestHoldsCentre && area > bestArea)) {
        best = face;
        bestArea = area;
        bestHoldsCentre = holdsCentre;
      }
    }
    if (best == null) {
      throw new IllegalStateException("the service answered a search without faces");
    }
    return best;
  }
}
