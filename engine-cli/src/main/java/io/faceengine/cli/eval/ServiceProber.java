package io.faceengine.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.core.eval.OpenSetSplit.LabelledImage;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.eval.ProbeResult;
import io.faceengine.core.image.ImageHeader;
import io.faceengine.core.image.ImageHeaderReader;
import io.faceengine.core.pipeline.ImageAnalysis;
import io.faceengine.query.Decision;
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
 * ({@code POST /v1/search} with the image), the way a client would. The subject is chosen by
 * {@link ImageAnalysis#central}, the pipeline's own rule, as in enrolment.
 */
final class ServiceProber {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI search;
  private final int k;
  private final String quality;

  /** @param quality the requests' {@code quality}: {@code gate} or {@code ignore} */
  ServiceProber(URI base, int k, String quality) {
    this.search = base.resolve("/v1/search");
    this.k = k;
    this.quality = quality;
  }

  /** The service's answer for one probe image; no candidates when it shows no face (422 no_face). */
  ProbeResult probe(LabelledImage image, boolean mated) throws IOException, InterruptedException {
    byte[] bytes = Files.readAllBytes(Path.of(image.image()));
    JsonNode answer = search(image, Map.of("image", Base64.getEncoder().encodeToString(bytes), "k", k,
        "quality", quality));
    if (answer == null) {
      return new ProbeResult(mated, image.label(), List.of());
    }
    ImageHeader header = ImageHeaderReader.read(bytes, image.image());
    List<JsonNode> faces = new ArrayList<>();
    answer.path("faces").forEach(faces::add);
    JsonNode subject = ImageAnalysis.central(faces, ServiceProber::box, header.width(), header.height())
        .orElseThrow(() -> new IllegalStateException("the service answered a search without faces"));
    List<String> reasons = new ArrayList<>();
    JsonNode decision = subject.path("decision");
    if (Decision.LOW_QUALITY.equals(decision.path("identity").asText())) {
      decision.path("reasons").forEach(reason -> reasons.add(reason.asText()));
    }
    return new ProbeResult(mated, image.label(), candidates(subject), reasons);
  }

  /**
   * The service's answer for a probe given by its stored subject face ({@code eval identify --probes
   * embeddings}): its embedding is searched, and the gate's reasons come with it (the service gates
   * images only). No candidates when the image had no face ({@code stored} null).
   */
  ProbeResult probe(LabelledImage image, boolean mated, StoredProbes.StoredProbe stored)
      throws IOException, InterruptedException {
    if (stored == null) {
      return new ProbeResult(mated, image.label(), List.of());
    }
    JsonNode answer = search(image, Map.of("embedding", stored.embedding(), "k", k));
    return new ProbeResult(mated, image.label(), candidates(answer.path("faces").path(0)), stored.qualityReasons());
  }

  /** The answer of POST /v1/search; null for 422 no_face. */
  private JsonNode search(LabelledImage image, Map<String, Object> probe) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(probe);
    HttpRequest request = HttpRequest.newBuilder(search).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(response.body());
    if (response.statusCode() == 422 && "no_face".equals(answer.path("error").asText())) {
      return null;
    }
    if (response.statusCode() != 200) {
      throw new IOException(image.image() + ": the service answered " + response.statusCode() + " " + response.body());
    }
    if (answer.path("partial").asBoolean()) {
      throw new IOException(image.image() + ": partial answer (failed shards " + answer.path("failed_shards") + ")");
    }
    return answer;
  }

  private static List<ProbeResult.Candidate> candidates(JsonNode face) {
    List<ProbeResult.Candidate> candidates = new ArrayList<>();
    for (JsonNode candidate : face.path("candidates")) {
      candidates.add(new ProbeResult.Candidate(candidate.path("label").asText(), candidate.path("distance").asDouble(),
          number(candidate.path("face_distance")), number(candidate.path("template_distance"))));
    }
    return candidates;
  }

  private static Double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : null;
  }

  private static BoundingBox box(JsonNode face) {
    JsonNode box = face.path("box");
    return new BoundingBox((float) box.path("x").asDouble(), (float) box.path("y").asDouble(),
        (float) box.path("width").asDouble(), (float) box.path("height").asDouble());
  }
}
