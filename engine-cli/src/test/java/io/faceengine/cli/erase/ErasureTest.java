package io.faceengine.cli.erase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.cluster.ClusterAlgorithm;
import io.faceengine.cluster.ClusterJob;
import io.faceengine.cluster.ClusterPlan;
import io.faceengine.cluster.store.ClusterNames;
import io.faceengine.core.config.AuditConfig;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.IndexBuildJob;
import io.faceengine.index.IndexBuildPlan;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.ingest.IngestJob;
import io.faceengine.ingest.IngestPlan;
import io.faceengine.ingest.erase.ErasureTarget;
import io.faceengine.query.EmbeddedService;
import io.faceengine.spark.SparkJobTestCase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/engine erase --label} on real parts: three LFW people ingested by the Spark job (local
 * mode), a real 2-shard Lucene index with person templates, a clustering through it with the
 * erased person's cluster named; then the person erased, and looked for by every path: the faces
 * and images datasets, a search with another photo of them through the real HTTP API, their face
 * ids (404), the templates, the clusters and their names, a new index built from the Parquet alone
 * (no deletion ledger), and an ingest of the same folder again.
 */
class ErasureTest extends SparkJobTestCase {
  private static final String ERASED = "Colin_Powell";
  private static final List<String> PEOPLE = List.of(ERASED, "Tony_Blair", "Donald_Rumsfeld");
  private static final int IMAGES = 4;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dir;
  private static EngineConfig config;
  private static ModelManifest models;

  @BeforeAll
  static void ingestIndexAndCluster() throws IOException {
    config = EngineConfig.load(SharedTestData.projectDir()).withAudit(new AuditConfig(Optional.of(dir.resolve("audit")),
        1 << 20));
    models = ModelManifest.load(config.models().manifest());
    SharedTestData.model(models.defaultModel(ModelRole.EMBEDDER).file());
    for (String person : PEOPLE) {
      SharedTestData.copyLfw(person, IMAGES, dir.resolve("images"));
    }
    ingest("run-1");
    IndexBuildPlan build = new IndexBuildPlan(out(), root(), config.index().with(VectorFormat.INT8, 16, 100, 2)
        .withTemplates(true), models);
    new IndexBuildJob(spark, build, quiet()).run();
    new ClusterJob(spark, new ClusterPlan(out(), Optional.of(root()), clusters(), 5, null,
        ClusterAlgorithm.CHINESE_WHISPERS, 50, true, ClusterPlan.DEFAULT_OVERSAMPLE, 100, models, config.index()),
        quiet()).run();
  }

  @Test
  void anErasedPersonCannotBeFoundByAnyPath() throws Exception {
    List<Row> before = faces();
    Set<String> erasedIds = new TreeSet<>();
    Set<String> erasedImages = new TreeSet<>();
    for (Row r : before) {
      if (ERASED.equals(r.getAs("label"))) {
        erasedIds.add(r.getAs("face_id"));
        erasedImages.add(r.getAs("image_id"));
      }
    }
    assertEquals(IMAGES, erasedImages.size());
    long erasedFaces = before.stream().filter(r -> erasedImages.contains(r.<String>getAs("image_id"))).count();
    for (Row r : before) {
      if (erasedImages.contains(r.<String>getAs("image_id"))) {
        erasedIds.add(r.getAs("face_id")); // the faces beside him in his photos go with them
      }
    }
    nameTheClusterOf(erasedIds.iterator().next());
    GenerationManifest indexBefore = current();
    assertEquals(PEOPLE.size(), indexBefore.totalTemplates());

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Erasure.Result result = new Erasure(spark, new Erasure.Plan(out(), Optional.of(root()), Optional.of(clusters()),
        new ErasureTarget(ErasureTarget.Key.LABEL, ERASED), config), new PrintStream(printed, true)).run()
        .orElseThrow();
    String report = printed.toString(StandardCharsets.UTF_8);
    System.out.print(report); // kept in the surefire output: the figures docs/privacy.md quotes
    assertEquals(erasedFaces, result.faces(), report);
    assertEquals(IMAGES, result.images(), report);
    assertEquals(erasedFaces, result.indexFaces(), report);
    assertEquals(1, result.templatesDropped(), report);
    assertTrue(report.contains("erased label " + ERASED + ":"), report);

    // The faces dataset: none of his rows; everyone else's as before. The ledger: tombstones without label or path.
    List<Row> after = faces();
    assertEquals(before.size() - erasedFaces, after.size());
    assertTrue(after.stream().noneMatch(r -> erasedIds.contains(r.<String>getAs("face_id"))
        || ERASED.equals(r.getAs("label"))));
    List<Row> images = spark.read().parquet(out() + "/images").collectAsList();
    assertEquals(PEOPLE.size() * IMAGES, images.size(), "every image keeps its row");
    for (Row image : images) {
      boolean erased = erasedImages.contains(image.<String>getAs("image_id"));
      assertEquals(erased ? "erased" : "faces", image.getAs("outcome"));
      if (erased) {
        assertNull(image.getAs("label"));
        assertEquals("erased:" + image.getAs("image_id"), image.getAs("image_uri"));
      }
    }
    assertTrue(Stream.of(Files.readString(auditFile()).split("\n")).noneMatch(l -> l.contains(ERASED + "_0")),
        "no image path in the audit log");

    // The index and the query service: another photo of him finds nobody of his; his face ids are unknown.
    GenerationManifest indexAfter = current();
    assertEquals(indexBefore.generation() + 1, indexAfter.generation());
    assertEquals(indexBefore.totalDocs() - erasedFaces, indexAfter.totalDocs());
    assertEquals(PEOPLE.size() - 1, indexAfter.totalTemplates(), "his template is gone");
    EngineConfig serving = config.withQuery(testQuery(Optional.of(clusters())));
    byte[] probe = Files.readAllBytes(SharedTestData.lfw(ERASED, IMAGES + 1));
    try (EmbeddedService service = EmbeddedService.start(serving, root(), "127.0.0.1", 0)) {
      JsonNode answer = post(service.port(), "/v1/search", Map.of("image", Base64.getEncoder().encodeToString(probe),
          "k", 50));
      JsonNode face = answer.get("faces").get(0);
      assertNotEquals(ERASED, face.at("/decision/identity").asText(), answer.toString());
      assertTrue(face.get("candidates").size() > 0);
      for (JsonNode candidate : face.get("candidates")) {
        assertFalse(erasedIds.contains(candidate.get("face_id").asText()), "candidate " + candidate);
        assertNotEquals(ERASED, candidate.path("identity").asText());
      }
      for (String id : erasedIds) {
        assertEquals(404, get(service.port(), "/v1/faces/" + id), id);
        assertEquals(404, get(service.port(), "/v1/faces/" + id + "/cluster"), id);
      }
      JsonNode other = post(service.port(), "/v1/search", Map.of("image", Base64.getEncoder().encodeToString(
          Files.readAllBytes(SharedTestData.lfw("Tony_Blair", IMAGES + 1)))));
      assertEquals("Tony_Blair", other.at("/faces/0/decision/identity").asText(), "the others are still found");
    }

    // The clustering: none of his faces, and the name given to his cluster is gone.
    assertTrue(spark.read().parquet(clusters() + "/clusters").collectAsList().stream()
        .noneMatch(r -> erasedIds.contains(r.<String>getAs("face_id"))));
    assertTrue(ClusterNames.read(new Configuration(), clusters()).stream().noneMatch(n -> n.label().equals(ERASED)));

    // A new index built from the Parquet alone, without the deletion ledger: he is not in it.
    String fresh = dir.resolve("fresh-index").toString();
    GenerationManifest rebuilt = new IndexBuildJob(spark, new IndexBuildPlan(out(), fresh, config.index()
        .with(VectorFormat.INT8, 16, 100, 2).withTemplates(true), models), quiet()).run();
    assertEquals(indexAfter.totalDocs(), rebuilt.totalDocs());
    assertEquals(PEOPLE.size() - 1, rebuilt.totalTemplates());

    // Ingesting the same folder again does not bring him back: his images are skipped by their hash.
    String again = ingest("run-2");
    assertTrue(again.contains(IMAGES + " of them were erased (bin/engine erase)"), again);
    assertEquals(after.size(), faces().size(), "the second run adds nothing");
    assertTrue(faces().stream().noneMatch(r -> ERASED.equals(r.getAs("label"))));

    // The audit log: the erasure before and after, with the faces it removed (the service's searches beside them).
    List<JsonNode> records = new ArrayList<>();
    List<String> events = new ArrayList<>();
    for (String line : Files.readAllLines(auditFile())) {
      JsonNode record = JSON.readTree(line);
      events.add(record.get("event").asText());
      if (record.get("event").asText().equals("erase")) {
        records.add(record);
      }
    }
    assertEquals(List.of("erase", "erase", "search", "search"), events);
    assertEquals(List.of("started", "done"), records.stream().map(r -> r.get("phase").asText()).toList());
    JsonNode done = records.get(1);
    assertEquals("erase", done.get("event").asText());
    assertEquals(ERASED, done.at("/target/label").asText());
    assertEquals(erasedFaces, done.get("faces_removed").asLong());
    assertEquals(indexAfter.generation(), done.get("generation").asLong());
    Set<String> recorded = new TreeSet<>();
    records.get(0).get("face_ids").forEach(id -> recorded.add(id.asText()));
    assertEquals(erasedIds, recorded);

    // One face of another person: it goes, and its image with it when it had no other face.
    Row blair = faces().stream().filter(r -> "Tony_Blair".equals(r.getAs("label"))).findFirst().orElseThrow();
    String blairImage = blair.getAs("image_id");
    long facesOfImage = faces().stream().filter(r -> blairImage.equals(r.getAs("image_id"))).count();
    Erasure.Result one = new Erasure(spark, new Erasure.Plan(out(), Optional.of(root()), Optional.of(clusters()),
        new ErasureTarget(ErasureTarget.Key.FACE_ID, blair.getAs("face_id")), config), quiet()).run().orElseThrow();
    assertEquals(1, one.faces());
    assertEquals(1, one.indexFaces());
    assertEquals(facesOfImage == 1 ? 1 : 0, one.images());
    assertEquals(after.size() - 1, faces().size());
    assertTrue(faces().stream().noneMatch(r -> blair.getAs("face_id").equals(r.getAs("face_id"))));
    assertEquals(indexAfter.totalDocs() - 1, current().totalDocs());
    assertEquals(PEOPLE.size() - 1, current().totalTemplates(), "Tony_Blair keeps a template of his other faces");

    // Erasing again finds nothing.
    assertTrue(new Erasure(spark, new Erasure.Plan(out(), Optional.of(root()), Optional.of(clusters()),
        new ErasureTarget(ErasureTarget.Key.LABEL, ERASED), config), quiet()).run().isEmpty());
  }

  private static void nameTheClusterOf(String faceId) throws IOException {
    Row member = spark.read().parquet(clusters() + "/clusters").filter("face_id = '" + faceId + "'").first();
    long clusterId = member.getAs("cluster_id");
    ClusterNames.append(new Configuration(), clusters(), new ClusterNames.Name(clusterId, ERASED, faceId, 1, "test",
        Instant.now().toString()));
  }

  /** Ingests the images folder as {@code runId}; returns what the job printed. */
  private static String ingest(String runId) throws IOException {
    IngestConfig ingest = config.ingest();
    IngestPlan plan = new IngestPlan(List.of(dir.resolve("images").toString()), Optional.empty(), out(),
        IngestPlan.Labels.parse("dir"), runId, new IngestConfig(ingest.pathGlob(), 50_000, 5, 1, ingest.maxImageBytes()),
        PipelineSettings.of(config, models));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    new IngestJob(spark, plan, new PrintStream(printed, true)).run();
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static List<Row> faces() {
    return spark.read().parquet(out() + "/faces").select("face_id", "image_id", "label").collectAsList();
  }

  private static GenerationManifest current() throws IOException {
    GenerationStore store = new GenerationStore(new Configuration(), root());
    return store.manifest(store.current().orElseThrow());
  }

  private static QueryConfig testQuery(Optional<String> clustering) {
    QueryConfig q = config.query();
    return new QueryConfig(0, 0, Duration.ofSeconds(5), 2, Duration.ofMillis(200), q.oversample(), q.defaultK(),
        q.maxK(), 2_000_000, Optional.empty(), Optional.empty(), List.of(), q.scratchDir(), q.concurrentAnalyses(),
        clustering, q.maxInFlight(), q.maxQueued());
  }

  private static JsonNode post(int port, String path, Map<String, Object> body) throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return JSON.readTree(answer.body());
  }

  private static int get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static Path auditFile() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("audit"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
    }
  }

  private static String out() {
    return dir.resolve("out").toString();
  }

  private static String root() {
    return dir.resolve("index").toString();
  }

  private static String clusters() {
    return dir.resolve("clusters").toString();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }
}
