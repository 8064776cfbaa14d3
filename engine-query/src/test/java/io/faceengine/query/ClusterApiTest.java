package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.cluster.ClusterResult;
import io.faceengine.cluster.store.ClusterNames;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.FaceDoc;
import io.faceengine.spark.SparkJobTestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster routes of the embedded service on a free loopback port, over a 4-shard index of real
 * LFW faces (eight labelled people, and three faces of another person without a label) and the real
 * cluster job's output for those faces (Spark in local mode, the kNN graph through that index). The
 * service has a bearer token. The last test replaces the clustering while the service runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterApiTest extends SparkJobTestCase {
  private static final String TOKEN = "cluster-test-token";
  private static final String NAME = "Serena Williams";

  @TempDir static Path dir;
  private static LfwIndex lfw;
  private static Path root;
  private static Path output;
  private static List<FaceDoc> faces;
  private static ClusterResult clustered;
  private static EmbeddedService service;
  private static Http http;

  @BeforeAll
  static void clusterAndServe() throws Exception {
    lfw = new LfwIndex();
    root = dir.resolve("index");
    List<FaceDoc> unlabelled = LfwClustering.unlabelled(lfw);
    lfw.publish(root, dir.resolve("build"), LfwIndex.PEOPLE, LfwIndex.SHARDS, unlabelled);
    faces = new ArrayList<>(lfw.faces(LfwIndex.PEOPLE));
    faces.addAll(unlabelled);
    output = dir.resolve("clusters");
    clustered = LfwClustering.cluster(spark, lfw, faces, root, dir, output);
    var config = lfw.config(Optional.of(TOKEN));
    service = EmbeddedService.start(config.withQuery(config.query().withClusters(Optional.of(output.toString()))),
        root.toString(), "127.0.0.1", 0);
    http = new Http(service.port(), TOKEN);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (lfw != null) {
      lfw.close();
    }
  }

  @Test
  @Order(1)
  void everyFaceHasItsClusterAndEveryClusterListsItsMembers() throws Exception {
    Set<String> seen = new TreeSet<>();
    for (FaceDoc face : faces) {
      Http.Response r = http.get("/v1/faces/" + face.faceId() + "/cluster");
      assertEquals(200, r.status(), r.body());
      assertEquals(face.faceId(), r.json().get("face_id").asText());
      long clusterId = r.json().get("cluster_id").asLong();
      assertFalse(r.json().has("name"), "nothing named yet: " + r.body());
      Http.Response cluster = http.get("/v1/clusters/" + clusterId + "?limit=500");
      assertEquals(200, cluster.status(), cluster.body());
      JsonNode summary = cluster.json().get("cluster");
      assertEquals(r.json().get("size").asLong(), summary.get("size").asLong());
      assertEquals(r.json().get("representative_face_id").asText(), summary.get("representative_face_id").asText());
      List<String> members = new ArrayList<>();
      cluster.json().get("members").forEach(m -> members.add(m.get("face_id").asText()));
      assertEquals(summary.get("size").asLong(), members.size());
      assertTrue(members.contains(face.faceId()));
      assertTrue(members.contains(summary.get("representative_face_id").asText()));
      assertEquals(members.stream().sorted().toList(), members, "members in face id order");
      JsonNode member = cluster.json().get("members").get(members.indexOf(face.faceId()));
      assertEquals(face.imageUri(), member.get("image_uri").asText());
      assertEquals(face.label(), member.has("label") ? member.get("label").asText() : null);
      double cohesion = summary.get("cohesion").asDouble();
      assertTrue(cohesion > 0 && cohesion <= 1 + 1e-6, "cohesion " + cohesion);
      seen.add(face.faceId());
    }
    assertEquals(faces.size(), seen.size());

    // The unlabelled person's three faces make one cluster, which no label names.
    JsonNode serena = http.get("/v1/faces/" + LfwClustering.unlabelled(lfw).get(0).faceId() + "/cluster").json();
    assertEquals(3, serena.get("size").asLong(), serena.toString());
    JsonNode page = http.get("/v1/clusters/" + serena.get("cluster_id").asLong()).json();
    assertFalse(page.get("cluster").has("labels"), page.toString());
    for (FaceDoc face : LfwClustering.unlabelled(lfw)) {
      assertEquals(serena.get("cluster_id").asLong(),
          http.get("/v1/faces/" + face.faceId() + "/cluster").json().get("cluster_id").asLong());
    }
    assertEquals(clustered.clusters(), http.get("/v1/health").json().get("clusters").asLong());
  }

  @Test
  @Order(2)
  void membersArePagedAndBadIdsAndBoundsAreRefused() throws Exception {
    JsonNode largest = http.get("/v1/clusters/0?limit=500").json();
    long size = largest.get("cluster").get("size").asLong();
    assertEquals(0, largest.get("cluster").get("rank").asInt());
    List<String> all = new ArrayList<>();
    largest.get("members").forEach(m -> all.add(m.get("face_id").asText()));
    List<String> paged = new ArrayList<>();
    for (long offset = 0; offset < size + 2; offset += 2) {
      Http.Response r = http.get("/v1/clusters/0?offset=" + offset + "&limit=2");
      assertEquals(200, r.status(), r.body());
      assertEquals(offset, r.json().get("offset").asLong());
      assertEquals(2, r.json().get("limit").asInt());
      r.json().get("members").forEach(m -> paged.add(m.get("face_id").asText()));
    }
    assertEquals(all, paged, "pages of 2 give every member once, in order");
    assertEquals(0, http.get("/v1/clusters/0?offset=" + size).json().get("members").size(), "past the end: empty");
    assertEquals(io.faceengine.query.clusters.Clusters.DEFAULT_MEMBERS, http.get("/v1/clusters/0").json().get("limit").asInt());

    assertError(http.get("/v1/clusters/0?offset=-1"), 400, "invalid_offset");
    assertError(http.get("/v1/clusters/0?offset=x"), 400, "invalid_offset");
    assertError(http.get("/v1/clusters/0?limit=0"), 400, "invalid_limit");
    assertError(http.get("/v1/clusters/0?limit=501"), 400, "invalid_limit");
    assertError(http.get("/v1/clusters/0?limit=ten"), 400, "invalid_limit");
    assertError(http.get("/v1/clusters/x"), 400, "invalid_cluster_id");
    assertError(http.get("/v1/clusters/1.5"), 400, "invalid_cluster_id");
    assertError(http.get("/v1/clusters/" + clustered.clusters()), 404, "unknown_cluster");
    assertError(http.get("/v1/clusters/-1"), 404, "unknown_cluster");
    assertError(http.get("/v1/faces/no-such-face/cluster"), 404, "unknown_face");
    assertError(http.get("/v1/clusters?limit=201"), 400, "invalid_limit");
    assertError(http.get("/v1/clusters?offset=-3"), 400, "invalid_offset");
    assertError(http.get("/v1/clusters?unnamed_first=yes"), 400, "invalid_unnamed_first");
    assertError(new Http(service.port()).get("/v1/clusters"), 401, "unauthorized");
    assertError(new Http(service.port()).get("/v1/clusters/0"), 401, "unauthorized");
  }

  @Test
  @Order(3)
  void theClustersComeLargestFirstInPages() throws Exception {
    JsonNode list = http.get("/v1/clusters?limit=200").json();
    assertEquals(clustered.clusters(), list.get("clusters").asLong());
    assertEquals(faces.size(), list.get("faces").asLong());
    assertEquals(lfw.model.id(), list.get("model_id").asText());
    JsonNode items = list.get("items");
    assertEquals(clustered.clusters(), items.size());
    long total = 0;
    for (int i = 0; i < items.size(); i++) {
      assertEquals(i, items.get(i).get("rank").asInt());
      total += items.get(i).get("size").asLong();
      if (i > 0) {
        assertTrue(items.get(i).get("size").asLong() <= items.get(i - 1).get("size").asLong(), list.toString());
      }
    }
    assertEquals(faces.size(), total, "every face in one cluster");
    assertEquals(clustered.largest(), items.get(0).get("size").asLong());
    JsonNode second = http.get("/v1/clusters?offset=1&limit=1").json().get("items");
    assertEquals(1, second.size());
    assertEquals(items.get(1), second.get(0));
    assertEquals(0, http.get("/v1/clusters?offset=" + items.size()).json().get("items").size());
    assertEquals(20, http.get("/v1/clusters").json().get("limit").asInt());
  }

  @Test
  @Order(4)
  void aNamedClusterNamesItsUnlabelledFacesInSearchAnswers() throws Exception {
    String serenaFace = LfwClustering.unlabelled(lfw).get(1).faceId();
    long clusterId = http.get("/v1/faces/" + serenaFace + "/cluster").json().get("cluster_id").asLong();
    String path = "/v1/clusters/" + clusterId + "/name";

    assertError(new Http(service.port()).postJson(path, Map.of("label", NAME)), 401, "unauthorized");
    assertError(http.postJson(path, Map.of("label", "  ")), 400, "invalid_label");
    assertError(http.postJson(path, Map.of()), 400, "invalid_label");
    assertError(http.postJson(path, Map.of("label", NAME, "who", "x")), 400, "unknown_field");
    assertError(http.postJson(path, Map.of("label", "x".repeat(201))), 400, "invalid_label");
    assertError(http.post(path, "text/plain", NAME), 415, "unsupported_media_type");
    assertError(http.postJson("/v1/clusters/" + clustered.clusters() + "/name", Map.of("label", NAME)), 404,
        "unknown_cluster");
    assertTrue(ClusterNames.read(new Configuration(), output.toString()).isEmpty(), "nothing recorded yet");

    Http.Response named = http.postJson(path, Map.of("label", NAME, "by", "tester"));
    assertEquals(200, named.status(), named.body());
    assertEquals(clusterId, named.json().get("cluster_id").asLong());
    assertEquals(NAME, named.json().get("label").asText());
    assertEquals("tester", named.json().get("named_by").asText());
    assertEquals(3, named.json().get("size").asLong());
    List<ClusterNames.Name> recorded = ClusterNames.read(new Configuration(), output.toString());
    assertEquals(1, recorded.size());
    assertEquals(NAME, recorded.get(0).label());
    assertEquals(named.json().get("representative_face_id").asText(), recorded.get(0).representativeFaceId());
    assertEquals("tester", recorded.get(0).namedBy());

    assertEquals(NAME, http.get("/v1/faces/" + serenaFace + "/cluster").json().get("name").asText());
    JsonNode cluster = http.get("/v1/clusters/" + clusterId).json().get("cluster");
    assertEquals(NAME, cluster.get("name").asText());
    assertEquals("tester", cluster.get("named").get("by").asText());
    JsonNode unnamedFirst = http.get("/v1/clusters?limit=200&unnamed_first=true").json();
    assertEquals(1, unnamedFirst.get("named").asInt());
    JsonNode items = unnamedFirst.get("items");
    assertEquals(clusterId, items.get(items.size() - 1).get("cluster_id").asLong(), "the named cluster comes last");
    for (int i = 0; i < items.size() - 1; i++) {
      assertFalse(items.get(i).has("name"));
      if (i > 0) {
        assertTrue(items.get(i).get("size").asLong() <= items.get(i - 1).get("size").asLong());
      }
    }
    JsonNode lastPage = http.get("/v1/clusters?unnamed_first=true&offset=" + (items.size() - 1)).json().get("items");
    assertEquals(List.of(clusterId), List.of(lastPage.get(0).get("cluster_id").asLong()));

    // Another photo of the person: the faces found carry no label, their cluster's name says who they are.
    byte[] probe = Files.readAllBytes(SharedTestData.lfw(LfwClustering.UNLABELLED_PERSON,
        LfwClustering.UNLABELLED_PROBE));
    Http.Response search = http.postMultipart("/v1/search", Map.of("image", probe, "k", "3"));
    assertEquals(200, search.status(), search.body());
    JsonNode face = search.json().get("faces").get(0);
    JsonNode best = face.get("candidates").get(0);
    assertFalse(best.has("label"), search.body());
    assertEquals(NAME, best.get("identity").asText(), search.body());
    assertEquals("cluster", best.get("identity_source").asText());
    JsonNode decision = face.get("decision");
    assertTrue(decision.get("known").asBoolean(), search.body());
    assertEquals(NAME, decision.get("identity").asText());
    assertEquals("cluster", decision.get("identity_source").asText());

    Http.Response labelled = http.postJson("/v1/search", Map.of("face_id", faces.get(0).faceId(), "k", 1));
    JsonNode labelledDecision = labelled.json().get("faces").get(0).get("decision");
    assertEquals(faces.get(0).label(), labelledDecision.get("identity").asText());
    assertEquals("label", labelledDecision.get("identity_source").asText());
  }

  @Test
  @Order(5)
  void aReplacedClusteringIsPickedUpWithItsNamesCarriedOver() throws Exception {
    String before = http.get("/v1/clusters").json().get("lookup_id").asText();
    String dropped = LfwIndex.PEOPLE.get(LfwIndex.PEOPLE.size() - 1);
    List<FaceDoc> fewer = faces.stream().filter(f -> !dropped.equals(f.label())).toList();
    ClusterResult again = LfwClustering.cluster(spark, lfw, fewer, root, dir, output);

    JsonNode list = null;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      list = http.get("/v1/clusters?limit=200").json();
      if (!before.equals(list.get("lookup_id").asText())) {
        break;
      }
      Thread.sleep(100);
    }
    assertNotEquals(before, list.get("lookup_id").asText(), "the new clustering is served within the poll interval");
    assertEquals(fewer.size(), list.get("faces").asLong());
    assertEquals(again.clusters(), list.get("clusters").asLong());
    assertEquals(again.clusters(), http.get("/v1/health").json().get("clusters").asLong());
    FaceDoc gone = faces.stream().filter(f -> dropped.equals(f.label())).findFirst().orElseThrow();
    assertError(http.get("/v1/faces/" + gone.faceId() + "/cluster"), 404, "unknown_face");
    String serenaFace = LfwClustering.unlabelled(lfw).get(0).faceId();
    assertEquals(NAME, http.get("/v1/faces/" + serenaFace + "/cluster").json().get("name").asText(),
        "the name followed its representative face into the new clustering");
  }

  private static void assertError(Http.Response r, int status, String error) {
    assertEquals(status, r.status(), r.body());
    assertEquals(error, r.json().get("error").asText(), r.body());
    assertTrue(r.json().get("message").asText().length() > 5, r.body());
  }
}
