package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.audit.ProbeHash;
import io.faceengine.core.config.AuditConfig;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log of the embedded service over real LFW faces, through the HTTP API on loopback: what a
 * search and a verification record, that no image, embedding or token is in it, and that a service
 * whose audit log cannot be written refuses to answer.
 */
class AuditApiTest extends LfwServiceTestCase {
  private static final String TOKEN = "audit-test-secret-token";
  private static Path auditDir;
  private static EmbeddedService service;
  private static Http http;

  @BeforeAll
  static void start() throws IOException {
    auditDir = dir.resolve("audit");
    // 1 KiB files: every record starts a new file, so a broken folder is noticed at the next record.
    service = EmbeddedService.start(lfw.config(Optional.of(TOKEN)).withAudit(new AuditConfig(Optional.of(auditDir),
        1024)), root.toString(), "127.0.0.1", 0);
    http = new Http(service.port(), TOKEN);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aSearchRecordsTheProbeHashDecisionsCandidatesAndGeneration() throws Exception {
    byte[] image = Files.readAllBytes(SharedTestData.lfw("Tony_Blair", LfwIndex.INDEXED_IMAGES + 1));
    String base64 = Base64.getEncoder().encodeToString(image);
    Http.Response answer = http.postJson("/v1/search", Map.of("image", base64, "k", 3));
    assertEquals(200, answer.status(), answer.body());

    JsonNode record = only("search", ProbeHash.of(image));
    assertEquals("default", record.get("token_id").asText(), "the single token's id, set by the token guard: " + record);
    assertEquals("image", record.at("/probe/kind").asText());
    assertEquals(answer.json().get("generation").asLong(), record.get("generation").asLong());
    assertEquals(200, record.get("status").asInt());
    assertFalse(record.get("partial").asBoolean());
    JsonNode face = record.get("faces").get(0);
    JsonNode answered = answer.json().get("faces").get(0);
    assertEquals("Tony_Blair", face.at("/decision/identity").asText());
    assertTrue(face.at("/decision/known").asBoolean());
    assertEquals(answered.at("/decision/face_id").asText(), face.at("/decision/face_id").asText());
    List<String> candidates = new ArrayList<>();
    answered.get("candidates").forEach(c -> candidates.add(c.get("face_id").asText()));
    assertEquals(3, candidates.size());
    assertEquals(candidates, texts(face.get("candidates")));
    assertTrue(Instant.parse(record.get("time").asText()).isAfter(Instant.now().minusSeconds(600)));

    String all = allText();
    assertFalse(all.contains(base64.substring(1000, 1100)), "the audit log holds the image");
    assertFalse(all.contains(TOKEN), "the audit log holds the token");
  }

  @Test
  void anEmbeddingSearchRecordsItsHashNotItsNumbers() throws Exception {
    float[] embedding = lfw.embedding(SharedTestData.lfw("Colin_Powell", LfwIndex.INDEXED_IMAGES + 1));
    Http.Response answer = http.postJson("/v1/search", Map.of("embedding", embedding));
    assertEquals(200, answer.status(), answer.body());
    JsonNode record = only("search", ProbeHash.of(embedding));
    assertEquals("embedding", record.at("/probe/kind").asText());
    assertEquals("Colin_Powell", record.at("/faces/0/decision/identity").asText());
    String all = allText();
    for (int i = 0; i < 8; i++) {
      String value = Float.toString(embedding[i]);
      assertFalse(all.contains(value), "the audit log holds the embedding's value " + value);
    }
    assertFalse(all.contains(String.format(Locale.ROOT, "%.6f", embedding[0])));
  }

  @Test
  void aVerificationRecordsBothHashesTheDistanceAndTheVerdict() throws Exception {
    byte[] a = Files.readAllBytes(SharedTestData.lfw("Colin_Powell", 1));
    byte[] b = Files.readAllBytes(SharedTestData.lfw("Donald_Rumsfeld", 1));
    Http.Response answer = http.postMultipart("/v1/verify", Map.of("a", a, "b", b));
    assertEquals(200, answer.status(), answer.body());
    JsonNode record = records("verify").stream()
        .filter(r -> r.at("/probe/a_sha256").asText().equals(ProbeHash.of(a))).findFirst().orElseThrow();
    assertEquals(ProbeHash.of(b), record.at("/probe/b_sha256").asText());
    assertEquals(answer.json().get("distance").floatValue(), record.get("distance").floatValue());
    assertFalse(record.get("same_person").asBoolean());
    assertEquals(answer.json().get("threshold").floatValue(), record.get("threshold").floatValue());
  }

  @Test
  void aRefusedSearchIsRecordedWithItsError() throws Exception {
    Http.Response answer = http.postJson("/v1/search", Map.of("face_id", "no-such-face-anywhere"));
    assertEquals(404, answer.status(), answer.body());
    JsonNode record = records("search").stream()
        .filter(r -> "no-such-face-anywhere".equals(r.at("/probe/face_id").asText())).findFirst().orElseThrow();
    assertEquals("unknown_face", record.get("error").asText());
    assertFalse(record.has("faces"));
  }

  @Test
  void aServiceThatCannotWriteItsAuditLogAnswersNothing() throws Exception {
    byte[] image = Files.readAllBytes(SharedTestData.lfw("Gerhard_Schroeder", LfwIndex.INDEXED_IMAGES + 1));
    Path aside = dir.resolve("audit-aside");
    Files.move(auditDir, aside);
    Files.writeString(auditDir, "a file where the audit folder was");
    try {
      Http.Response answer = http.postMultipart("/v1/search", Map.of("image", image));
      assertEquals(503, answer.status(), answer.body());
      assertEquals("audit_unavailable", answer.json().get("error").asText());
      assertFalse(answer.body().contains("Gerhard_Schroeder"), answer.body());
    } finally {
      Files.delete(auditDir);
      Files.move(aside, auditDir);
    }
    assertEquals(200, http.postMultipart("/v1/search", Map.of("image", image)).status(), "recovers with its folder");
  }

  private static JsonNode only(String event, String sha256) throws IOException {
    List<JsonNode> found = records(event).stream().filter(r -> sha256.equals(r.at("/probe/sha256").asText())).toList();
    assertEquals(1, found.size(), "records of probe " + sha256 + ": " + found);
    return found.get(0);
  }

  private static List<JsonNode> records(String event) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (String line : allText().split("\n")) {
      if (!line.isEmpty()) {
        JsonNode node = Http.JSON.readTree(line);
        if (event.equals(node.get("event").asText())) {
          records.add(node);
        }
      }
    }
    return records;
  }

  private static String allText() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(auditDir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
        text.append(Files.readString(file));
      }
    }
    return text.toString();
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
