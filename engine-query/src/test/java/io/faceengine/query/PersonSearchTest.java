package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.core.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Searches of a generation with person templates, through the embedded service's HTTP API on real
 * LFW faces and real shards: the candidates are persons, each naming its nearest face, ranked by the
 * configured person distance (engine.index.person-distance) of the template's and the nearest face's.
 */
class PersonSearchTest extends LfwServiceTestCase {
  private static EmbeddedService service;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    Path persons = dir.resolve("persons");
    lfw.publishWithTemplates(persons, dir.resolve("build-persons"), LfwIndex.PEOPLE);
    service = startEmbedded(persons);
    http = new Http(service.port());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  /** Another photo of each person: that person first, named by its nearest indexed face; one candidate per person. */
  @Test
  void anAnswerNamesThePersonAndTheFaceThatMatchedBest() throws Exception {
    for (String person : LfwIndex.PEOPLE) {
      Path image = SharedTestData.lfw(person, LfwIndex.INDEXED_IMAGES + 1);
      Http.Response r = http.postMultipart("/v1/search", Map.of("image", Files.readAllBytes(image), "k", "5"));
      assertEquals(200, r.status(), r.body());
      assertFalse(r.json().get("partial").asBoolean(), r.body());
      JsonNode face = r.json().get("faces").get(0);
      JsonNode candidates = face.get("candidates");
      assertEquals(5, candidates.size(), r.body());
      Set<String> labels = new HashSet<>();
      candidates.forEach(c -> labels.add(c.get("label").asText()));
      assertEquals(5, labels.size(), "one candidate per person: " + r.body());

      JsonNode best = candidates.get(0);
      assertEquals(person, best.get("label").asText(), r.body());
      assertEquals(person, face.get("decision").get("identity").asText(), r.body());
      float[] probe = lfw.embedding(image);
      String nearest = null;
      double nearestDistance = Double.MAX_VALUE;
      for (int n = 1; n <= LfwIndex.INDEXED_IMAGES; n++) {
        Path indexed = SharedTestData.lfw(person, n);
        double d = lfw.model.metric().distance(probe, lfw.embedding(indexed));
        if (d < nearestDistance) {
          nearestDistance = d;
          nearest = LfwIndex.faceId(indexed);
        }
      }
      assertEquals(nearest, best.get("face_id").asText(), "the person's face that matched best");
      assertEquals(nearest, face.get("decision").get("face_id").asText());
      assertEquals(nearestDistance, best.get("face_distance").asDouble(), 1e-4);
      float template = (float) best.get("template_distance").asDouble();
      float faceDistance = (float) best.get("face_distance").asDouble();
      assertEquals(lfw.config.index().personDistance().of(faceDistance, template), best.get("distance").asDouble(), 1e-6,
          "the person's distance by engine.index.person-distance");
      for (int i = 1; i < candidates.size(); i++) {
        assertTrue(candidates.get(i).get("distance").asDouble() >= candidates.get(i - 1).get("distance").asDouble());
      }
    }
  }

  /** k beyond the persons indexed gives every person once; a label restricts the answer to that person. */
  @Test
  void personsAreNeverRepeatedAndALabelGivesOne() throws Exception {
    Path image = SharedTestData.lfw("Tony_Blair", LfwIndex.INDEXED_IMAGES + 1);
    Http.Response all = http.postJson("/v1/search", Map.of("embedding", lfw.embedding(image), "k", 50));
    assertEquals(200, all.status(), all.body());
    assertEquals(LfwIndex.PEOPLE.size(), all.json().get("faces").get(0).get("candidates").size(), all.body());

    Http.Response one = http.postJson("/v1/search", Map.of("embedding", lfw.embedding(image), "k", 5,
        "label", "Colin_Powell"));
    assertEquals(200, one.status(), one.body());
    JsonNode candidates = one.json().get("faces").get(0).get("candidates");
    assertEquals(1, candidates.size(), one.body());
    assertEquals("Colin_Powell", candidates.get(0).get("label").asText());
    assertTrue(candidates.get(0).has("template_distance"), one.body());
  }
}
