package io.faceengine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.cluster.store.ClusterLookup;
import io.faceengine.cluster.store.ClusterNames;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.IndexBuildJob;
import io.faceengine.index.IndexBuildPlan;
import io.faceengine.ingest.IngestJob;
import io.faceengine.ingest.IngestPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster job in local-mode Spark on real LFW faces (ingested by the real ingest job with the
 * real models): three people of four images each and two people of one image.
 */
class ClusterJobTest {
  /** Each person's images: four that the default model links within its threshold (pairwise 0.17-0.27). */
  private static final Map<String, List<Integer>> PEOPLE = Map.of("Colin_Powell", List.of(1, 2, 5, 7),
      "Serena_Williams", List.of(1, 5, 8, 10), "Vladimir_Putin", List.of(1, 3, 5, 10));
  private static final List<String> SINGLETONS = List.of("AJ_Cook", "Aaron_Eckhart");

  private static SparkSession spark;
  private static EngineConfig config;
  private static ModelManifest models;
  @TempDir static Path shared;

  @TempDir Path dir;

  @BeforeAll
  static void ingest() throws IOException {
    config = EngineConfig.load(SharedTestData.projectDir());
    models = ModelManifest.load(config.models().manifest());
    spark = SparkSession.builder().master("local[2]").appName("cluster-test")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    Path images = shared.resolve("images");
    for (Map.Entry<String, List<Integer>> person : PEOPLE.entrySet()) {
      for (int i : person.getValue()) {
        copy(SharedTestData.lfw(person.getKey(), i), images.resolve(person.getKey()));
      }
    }
    for (String person : SINGLETONS) {
      copy(SharedTestData.lfw(person, 1), images.resolve(person));
    }
    ingest(images, "run-1");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Subject faces cluster into exactly the people; a re-run replaces the output with identical rows. */
  @Test
  void peopleClusterIntoTheirOwnGroupsIdenticallyOnEveryRun() throws IOException {
    String out = dir.resolve("clusters").toString();
    ClusterResult result = new ClusterJob(spark, plan(out), quiet()).run();
    Map<Long, Set<String>> groups = labelsByCluster(out);
    assertEquals(5, groups.size(), "one cluster per person: " + groups);
    Set<String> everyone = new TreeSet<>(PEOPLE.keySet());
    everyone.addAll(SINGLETONS);
    Set<String> seen = new TreeSet<>();
    groups.values().forEach(labels -> {
      assertEquals(1, labels.size(), "one person per cluster: " + groups);
      seen.addAll(labels);
    });
    assertEquals(everyone, seen, "every person has a cluster: " + groups);
    assertEquals(5, result.clusters());
    assertEquals(2, result.singletons());
    assertEquals(4, result.largest());
    List<Row> clusterSizes = spark.read().parquet(out + "/cluster_summary").orderBy("cluster_id").collectAsList();
    assertEquals(List.of(4L, 4L, 4L, 1L, 1L), clusterSizes.stream().map(r -> r.<Long>getAs("size")).toList());
    for (Row summary : clusterSizes) {
      List<Row> labels = summary.getList(summary.fieldIndex("labels"));
      assertEquals(1, labels.size(), "one label per cluster: " + summary);
      assertEquals(summary.<Long>getAs("size"), labels.get(0).<Long>getAs("count"));
      double cohesion = summary.getAs("cohesion");
      // One person's faces lie near their centroid with either built-in model (dlib about 0.95, MobileFaceNet 0.89).
      assertTrue(cohesion > 0.8 && cohesion <= 1.0 + 1e-6, "cohesion " + cohesion);
    }

    try (ClusterLookup lookup = ClusterLookup.open(dir.resolve("clusters").resolve(ClusterLookup.DIR))) {
      assertEquals(result.faces(), lookup.faceCount(), "the lookup holds every clustered face");
      assertEquals(5, lookup.clusterCount());
      for (Row face : spark.read().parquet(out + "/clusters").collectAsList()) {
        assertEquals(face.<Long>getAs("cluster_id"), lookup.face(face.getAs("face_id")).orElseThrow().clusterId());
      }
      for (Row summary : clusterSizes) {
        ClusterLookup.ClusterSummary read = lookup.cluster(summary.<Long>getAs("cluster_id")).orElseThrow();
        assertEquals(summary.<Long>getAs("size"), read.size());
        assertEquals(summary.<String>getAs("representative_face_id"), read.representativeFaceId());
        assertEquals(summary.<Double>getAs("cohesion"), read.cohesion(), 1e-12);
        assertEquals(summary.<Long>getAs("size"), lookup.members(read.clusterId(), 0, 10).size());
      }
    }

    List<String> first = rows(out);
    ClusterNames.Name named = ClusterNameCommand.name(spark, out, 3, "Someone", "tester");
    assertEquals(spark.read().parquet(out + "/cluster_summary").filter("cluster_id = 3").first()
        .<String>getAs("representative_face_id"), named.representativeFaceId());
    assertThrows(IllegalArgumentException.class, () -> ClusterNameCommand.name(spark, out, 99, "Nobody", "tester"));

    new ClusterJob(spark, plan(out), quiet()).run();
    assertEquals(first, rows(out), "a re-run gives the same clusters and summaries");
    List<ClusterNames.Name> names = ClusterNames.read(spark.sparkContext().hadoopConfiguration(), out);
    assertEquals(List.of(named), names, "the name is carried over to the cluster holding its face");
    try (Stream<Path> beside = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("clusters")), beside.toList(), "no staging or replaced directory left");
    }
  }

  /** A face of a new ingest run joins its person's cluster; nothing else moves. */
  @Test
  void aNewRunsFaceJoinsItsPersonsCluster() throws IOException {
    Path faces = dir.resolve("faces");
    copyTree(shared.resolve("ingested"), faces);
    String out = dir.resolve("clusters").toString();
    new ClusterJob(spark, plan(faces.toString(), out), quiet()).run();
    Map<String, Long> before = clusterOfFace(out);
    long powell = spark.read().parquet(out + "/clusters").join(spark.read().parquet(faces + "/faces"), "face_id")
        .filter("label = 'Colin_Powell'").select("cluster_id").first().getLong(0);

    Path newImages = dir.resolve("new-images");
    copy(SharedTestData.lfw("Colin_Powell", 8), newImages.resolve("Colin_Powell"));
    ingestInto(newImages, "run-2", faces);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    new AssignNewJob(spark, plan(faces.toString(), out), new PrintStream(console, true, StandardCharsets.UTF_8)).run();
    String printed = console.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("1 new faces: 1 joined existing clusters"), printed);

    Map<String, Long> after = clusterOfFace(out);
    assertEquals(before.size() + 1, after.size());
    before.forEach((face, cluster) -> assertEquals(cluster, after.get(face), "face " + face + " stayed"));
    String newFace = after.keySet().stream().filter(f -> !before.containsKey(f)).findFirst().orElseThrow();
    assertEquals(powell, after.get(newFace));
    Row summary = spark.read().parquet(out + "/cluster_summary").filter("cluster_id = " + powell).first();
    assertEquals(5L, summary.<Long>getAs("size"));
    ClusteringManifest manifest = new ClusterOutput(spark.sparkContext().hadoopConfiguration(), out).manifest();
    assertEquals(List.of("run-1", "run-2"), manifest.runs());
    assertEquals(1, manifest.assigned().size());
    try (ClusterLookup lookup = ClusterLookup.open(Path.of(out).resolve(ClusterLookup.DIR))) {
      assertEquals(powell, lookup.face(newFace).orElseThrow().clusterId(), "the lookup is written again");
      assertEquals(5, lookup.cluster(powell).orElseThrow().size());
    }
  }

  @Test
  void anEmptyOrCorruptInputIsRefusedNamingIt() throws IOException {
    String out = dir.resolve("clusters").toString();
    Path empty = dir.resolve("empty");
    spark.read().parquet(shared.resolve("ingested/faces").toString()).limit(0).write().parquet(empty.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ClusterJob(spark, plan(empty.toString(), out), quiet()).run());
    assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("hold no faces"), e.getMessage());

    Path corrupt = dir.resolve("corrupt");
    Files.createDirectories(corrupt);
    Files.writeString(corrupt.resolve("part-00000.parquet"), "not parquet at all", StandardCharsets.UTF_8);
    e = assertThrows(IllegalArgumentException.class,
        () -> new ClusterJob(spark, plan(corrupt.toString(), out), quiet()).run());
    assertTrue(e.getMessage().contains("cannot read the faces") && e.getMessage().contains(corrupt.toString()),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("clusters")), "nothing written");
  }

  /** Each face is searched in each shard once: a union of the edges' two directions had run the searches again. */
  @Test
  void theKnnGraphSearchesEachFaceInEachShardOnce() throws IOException {
    String faces = shared.resolve("ingested").toString();
    String root = dir.resolve("index").toString();
    GenerationManifest index = new IndexBuildJob(spark, new IndexBuildPlan(faces, root, config.index(), models),
        quiet()).run();
    ClusterFaces input = ClusterFaces.open(spark, faces, true);
    ClusterThreshold threshold = ClusterThreshold.of(models.model(input.modelId()), null);
    ClusterJob.Graph graph = new ClusterJob(spark, plan(dir.resolve("clusters").toString()), quiet())
        .graph(input.faces(), input.count(), root, input.modelId(), threshold);
    assertEquals(input.count() * index.shardCount(), graph.lookups());
    assertTrue(graph.edges() > 0, "the people's faces are linked");
  }

  private static ClusterPlan plan(String out) {
    return plan(shared.resolve("ingested").toString(), out);
  }

  private static ClusterPlan plan(String faces, String out) {
    return new ClusterPlan(faces, Optional.empty(), out, ClusterPlan.DEFAULT_K, null,
        ClusterAlgorithm.CHINESE_WHISPERS, 50, true, ClusterPlan.DEFAULT_OVERSAMPLE, 100, models, config.index());
  }

  private static Map<Long, Set<String>> labelsByCluster(String out) {
    Map<Long, Set<String>> groups = new TreeMap<>();
    spark.read().parquet(out + "/clusters").join(spark.read().parquet(shared.resolve("ingested/faces").toString())
        .filter("subject"), "face_id").select("cluster_id", "label").collectAsList()
        .forEach(r -> groups.computeIfAbsent(r.getLong(0), c -> new TreeSet<>()).add(r.getString(1)));
    return groups;
  }

  private static Map<String, Long> clusterOfFace(String out) {
    Map<String, Long> clusters = new TreeMap<>();
    spark.read().parquet(out + "/clusters").collectAsList()
        .forEach(r -> clusters.put(r.getAs("face_id"), r.getAs("cluster_id")));
    return clusters;
  }

  /** Every row of both tables, as text, in a fixed order. */
  private static List<String> rows(String out) {
    Stream<String> clusters = spark.read().parquet(out + "/clusters").orderBy("cluster_id", "face_id")
        .collectAsList().stream().map(Row::toString);
    Stream<String> summaries = spark.read().parquet(out + "/cluster_summary").orderBy("cluster_id")
        .collectAsList().stream().map(Row::toString);
    return Stream.concat(clusters, summaries).toList();
  }

  private static void ingest(Path images, String runId) throws IOException {
    ingestInto(images, runId, shared.resolve("ingested"));
  }

  private static void ingestInto(Path images, String runId, Path output) throws IOException {
    IngestConfig ingest = config.ingest();
    new IngestJob(spark, new IngestPlan(List.of(images.toString()), Optional.empty(), output.toString(),
        IngestPlan.Labels.parse("dir"), runId,
        new IngestConfig(ingest.pathGlob(), 50_000, 5, 1, ingest.maxImageBytes()), PipelineSettings.of(config, models)),
        quiet()).run();
  }

  private static void copy(Path file, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.copy(file, dir.resolve(file.getFileName()));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }
}
