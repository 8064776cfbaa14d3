package io.faceengine.index.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.person.PersonDistance;
import io.faceengine.core.person.PersonTemplate;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.testing.Degraded;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.Deletions;
import io.faceengine.index.FaceDoc;
import io.faceengine.index.IndexBuildJob;
import io.faceengine.index.IndexBuildPlan;
import io.faceengine.index.SparkFaces;
import io.faceengine.index.lucene.FaceLikeVectors;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.ingest.IngestJob;
import io.faceengine.ingest.IngestPlan;
import io.faceengine.spark.SparkJobTestCase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** search-batch in local-mode Spark against real Lucene shards built by the index job. */
class SearchBatchJobTest extends SparkJobTestCase {
  private static final String MODEL = "dlib-resnet-v1";
  private static final int K = 10;

  private static EngineConfig config;
  private static ModelManifest models;
  private static List<FaceDoc> gallery;
  @TempDir static Path shared;

  @TempDir Path dir;

  /** A gallery of 60 synthetic identities x 3 faces, indexed in 3 shards. */
  @BeforeAll
  static void start() throws IOException {
    config = EngineConfig.load(SharedTestData.projectDir());
    models = ModelManifest.load(config.models().manifest());
    gallery = new FaceLikeVectors(7, 60, 128).faces(3);
    SparkFaces.write(spark, gallery, MODEL, shared.resolve("gallery").toString());
    build(shared.resolve("gallery").toString(), shared.resolve("index").toString(), 3);
  }

  /** Every indexed face finds itself first, and each probe's top k is exactly the brute-force top k. */
  @Test
  void indexedFacesFindThemselvesAndTopKEqualsExactSearch() throws IOException {
    SearchBatchSummary summary = run(shared.resolve("gallery").toString(), dir.resolve("out"), Optional.of(false));
    assertEquals(gallery.size(), summary.probes());
    assertEquals((long) gallery.size() * K, summary.rows());
    assertEquals(gallery.size(), summary.identified(), "every face is within the threshold of itself");
    assertEquals(3, summary.shards());

    Map<String, List<Row>> byProbe = readByProbe(dir.resolve("out"));
    assertEquals(gallery.size(), byProbe.size());
    for (FaceDoc face : gallery) {
      Row first = byProbe.get(face.faceId()).get(0);
      assertEquals(1, first.<Integer>getAs("rank"));
      assertEquals(face.faceId(), first.<String>getAs("face_id"), "rank 1 of " + face.faceId());
      assertEquals(0f, first.<Float>getAs("distance"), 1e-3f);
      assertEquals(face.label(), first.<String>getAs("decision"));
      assertEquals(face.label(), first.<String>getAs("probe_label"));
      assertEquals(face.imageUri(), first.<String>getAs("probe_image_uri"));
    }

    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 40; i++) {
      FaceDoc probe = gallery.get(random.nextInt(gallery.size()));
      List<FaceDoc> exact = bruteForce(probe.embedding());
      List<Row> found = byProbe.get(probe.faceId());
      assertEquals(exact.stream().map(FaceDoc::faceId).toList(),
          found.stream().map(r -> (String) r.<String>getAs("face_id")).toList(), "top " + K + " of " + probe.faceId()
              + ", seed " + seed);
      for (int r = 0; r < K; r++) {
        // From the exact float dot product: a rounding of 6e-8 in it is 3.5e-4 of distance near 0, 1e-7 near 0.4.
        float distance = DistanceMetric.EUCLIDEAN.distance(probe.embedding(), exact.get(r).embedding());
        assertEquals(distance, found.get(r).<Float>getAs("distance"), distance < 0.01f ? 1e-3f : 1e-5f,
            "exact distance at rank " + (r + 1));
        assertEquals(r + 1, found.get(r).<Integer>getAs("rank"));
        assertEquals(exact.get(r).label(), found.get(r).<String>getAs("label"));
      }
    }
    assertEquals(List.of("out"), listNames(dir), "no staging left");
  }

  /**
   * A generation with person templates: each rank is a person, named by its nearest face, and the
   * ranking is exactly the brute-force ranking of persons by the better of template and nearest face.
   */
  @Test
  void withTemplatesEachRankIsAPersonRankedByTheBetterOfTemplateAndNearestFace() throws IOException {
    String root = dir.resolve("persons").toString();
    IndexConfig index = config.index().with(VectorFormat.INT8, 16, 100, 3).withTemplates(true);
    new IndexBuildJob(spark, new IndexBuildPlan(shared.resolve("gallery").toString(), root, index, models), quiet())
        .run();
    FaceLikeVectors same = new FaceLikeVectors(7, 60, 128); // the gallery's identities
    List<FaceDoc> probes = new ArrayList<>();
    for (int person = 0; person < 60; person += 6) {
      probes.add(new FaceDoc("probe-" + person, null, "file:/probes/" + person + ".jpg", "person-" + person, "run-p",
          new BoundingBox(0, 0, 1, 1), same.sample(person)));
    }
    String input = dir.resolve("probes").toString();
    SparkFaces.write(spark, probes, MODEL, input);
    SearchBatchSummary summary = new SearchBatchJob(spark, plan(root, input, dir.resolve("out"), Optional.of(false),
        "none"), quiet()).run();
    assertEquals(probes.size(), summary.probes());
    assertEquals((long) probes.size() * K, summary.rows());

    Map<String, List<Row>> byProbe = readByProbe(dir.resolve("out"));
    for (FaceDoc probe : probes) {
      List<Row> found = byProbe.get(probe.faceId());
      List<String[]> exact = bruteForcePersons(probe.embedding());
      for (int r = 0; r < K; r++) {
        Row row = found.get(r);
        assertEquals(exact.get(r)[0], row.<String>getAs("label"), "person at rank " + (r + 1) + " of " + probe.faceId());
        assertEquals(exact.get(r)[1], row.<String>getAs("face_id"), "its nearest face");
        float face = row.<Float>getAs("face_distance");
        float template = row.<Float>getAs("template_distance");
        assertEquals(Math.min(face, template), row.<Float>getAs("distance"), 1e-4f);
      }
      assertEquals(probe.label(), found.get(0).<String>getAs("decision"));
    }
  }

  /** Every person of the gallery as {label, nearest face id}, ranked by min(template, nearest face) distance. */
  private static List<String[]> bruteForcePersons(float[] probe) {
    Map<String, List<FaceDoc>> byPerson = new HashMap<>();
    gallery.forEach(face -> byPerson.computeIfAbsent(face.label(), l -> new ArrayList<>()).add(face));
    List<Object[]> persons = new ArrayList<>();
    byPerson.forEach((label, faces) -> {
      PersonTemplate template = new PersonTemplate(128);
      faces.forEach(f -> template.add(f.embedding(), 1));
      FaceDoc nearest = faces.stream().min(Comparator.comparingDouble(
          (FaceDoc f) -> DistanceMetric.EUCLIDEAN.distance(probe, f.embedding()))).orElseThrow();
      double distance = Math.min(DistanceMetric.EUCLIDEAN.distance(probe, nearest.embedding()),
          DistanceMetric.EUCLIDEAN.distance(probe, template.embedding()));
      persons.add(new Object[] {label, nearest.faceId(), distance});
    });
    persons.sort(Comparator.comparingDouble(p -> (Double) p[2]));
    return persons.stream().map(p -> new String[] {(String) p[0], (String) p[1]}).toList();
  }

  /** A new sample of an indexed person is identified; a face far from everyone is unknown. */
  @Test
  void aFarProbeIsUnknownAndANewSampleOfAPersonIsIdentified() throws IOException {
    FaceLikeVectors same = new FaceLikeVectors(7, 60, 128); // same seed: the gallery's identities
    float[] far = new float[128];
    far[1] = 1f; // orthogonal to the cone the identities live in: about 1.41 from every face
    List<FaceDoc> probes = List.of(
        new FaceDoc("probe-far", null, "file:/probes/far.jpg", null, "run-p", new BoundingBox(0, 0, 1, 1), far),
        new FaceDoc("probe-person-5", null, "file:/probes/p5.jpg", "person-5", "run-p", new BoundingBox(0, 0, 1, 1),
            same.sample(5)));
    String input = dir.resolve("probes").toString();
    SparkFaces.write(spark, probes, MODEL, input);
    SearchBatchSummary summary = run(input, dir.resolve("out"), Optional.empty());
    assertEquals(2, summary.probes());
    assertEquals(1, summary.identified());
    Map<String, List<Row>> byProbe = readByProbe(dir.resolve("out"));
    Row far1 = byProbe.get("probe-far").get(0);
    assertEquals(MatchRows.UNKNOWN, far1.<String>getAs("decision"));
    assertTrue(far1.<Float>getAs("distance") > 1.3f, "distance " + far1.getAs("distance"));
    assertEquals("person-5", byProbe.get("probe-person-5").get(0).<String>getAs("decision"));
    assertEquals("person-5", byProbe.get("probe-person-5").get(0).<String>getAs("label"));
  }

  /** Deletions recorded after the generation was built (an update not published yet) are left out of the lookups. */
  @Test
  void facesDeletedAfterTheGenerationWasBuiltAreLeftOut() throws IOException {
    String root = dir.resolve("index-deleting").toString();
    build(shared.resolve("gallery").toString(), root, 2);
    GenerationStore store = new GenerationStore(new Configuration(), root);
    FaceDoc deletedFace = gallery.get(0);
    store.ledger().record(new GenerationPublisher(store).beginGeneration(), new Deletions(List.of(deletedFace.faceId()), List.of(),
        List.of("person-5")));

    SearchBatchSummary summary = new SearchBatchJob(spark,
        plan(root, shared.resolve("gallery").toString(), dir.resolve("out"), Optional.of(false), "none"), quiet()).run();
    assertEquals(gallery.size(), summary.probes());
    List<Row> rows = readByProbe(dir.resolve("out")).values().stream().flatMap(List::stream).toList();
    assertEquals((long) gallery.size() * K, rows.size(), "k visible candidates for every probe");
    assertTrue(rows.stream().noneMatch(r -> deletedFace.faceId().equals(r.getAs("face_id"))));
    assertTrue(rows.stream().noneMatch(r -> "person-5".equals(r.getAs("label"))));
  }

  @Test
  void probesOfAnotherModelAreRefusedNamingBothModels() throws IOException {
    String input = dir.resolve("other").toString();
    SparkFaces.write(spark, new FaceLikeVectors(9, 3, 128).faces(1), "other-model", input);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(input, dir.resolve("out"), Optional.empty()));
    assertTrue(e.getMessage().contains("other-model") && e.getMessage().contains(MODEL), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")), "no output");
    assertEquals(List.of("other"), listNames(dir), "no staging left");
  }

  /** A probe the shards cannot search fails its task: the job names it and leaves no output behind. */
  @Test
  void aFailedJobNamesTheBadProbeAndLeavesNoOutput() throws IOException {
    List<FaceDoc> probes = new ArrayList<>(gallery.subList(0, 20));
    float[] twice = gallery.get(0).embedding().clone();
    for (int i = 0; i < twice.length; i++) {
      twice[i] *= 2;
    }
    probes.add(new FaceDoc("bad-probe", null, "file:/probes/bad.jpg", null, "run-p", new BoundingBox(0, 0, 1, 1),
        twice));
    String input = dir.resolve("probes").toString();
    SparkFaces.write(spark, probes, MODEL, input);
    IOException e = assertThrows(IOException.class, () -> run(input, dir.resolve("out"), Optional.empty()));
    assertTrue(e.getMessage().contains("nothing written") && e.getMessage().contains("bad-probe")
        && e.getMessage().contains("not L2-normalised"), e.getMessage());
    assertEquals(List.of("probes"), listNames(dir), "neither output nor staging");
  }

  @Test
  void anExistingOutputIsRefused() throws IOException {
    Files.createDirectories(dir.resolve("out"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(shared.resolve("gallery").toString(), dir.resolve("out"), Optional.of(false)));
    assertTrue(e.getMessage().contains("exists"), e.getMessage());
  }

  /**
   * Images as probes, embedded on the fly: LFW images already in the gallery find their own faces
   * at distance 0, other images of the same people are identified, and a broken file is reported.
   */
  @Test
  void imageProbesAreEmbeddedOnTheFly() throws IOException {
    String[] people = {"Colin_Powell", "Tony_Blair", "George_W_Bush"};
    Path galleryImages = dir.resolve("gallery-images");
    Path probeImages = dir.resolve("probe-images");
    for (String person : people) {
      for (int i = 1; i <= 3; i++) {
        copy(SharedTestData.lfw(person, i), galleryImages.resolve(person));
      }
      copy(SharedTestData.lfw(person, 1), probeImages.resolve(person)); // indexed
      copy(SharedTestData.lfw(person, 5), probeImages.resolve(person)); // not indexed
    }
    Files.writeString(probeImages.resolve("Tony_Blair/broken.jpg"), "not an image", StandardCharsets.UTF_8);
    String root = indexImages(galleryImages);

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SearchBatchSummary summary = new SearchBatchJob(spark, plan(root, probeImages.toString(), dir.resolve("out"),
        Optional.empty(), "dir"), new PrintStream(console, true, StandardCharsets.UTF_8)).run();
    String printed = console.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("probe images: 7 read = 6 with faces + 0 without + 1 errors"), printed);
    assertTrue(printed.contains("broken.jpg"), printed);

    Map<String, List<Row>> byProbe = readByProbe(dir.resolve("out"));
    assertTrue(summary.probes() >= 6, "at least one face per image: " + summary.probes());
    Map<String, Row> closestByImage = new HashMap<>(); // each probe image's best-matched face: its subject
    for (List<Row> rows : byProbe.values()) {
      Row first = rows.get(0);
      String image = first.<String>getAs("probe_image_uri");
      if (image.endsWith("_0001.jpg")) { // indexed: each of its faces finds itself, under the same face id
        assertEquals(first.<String>getAs("probe_face_id"), first.<String>getAs("face_id"), image);
        assertEquals(0f, first.<Float>getAs("distance"), 1e-3f, image);
      }
      if (first.getAs("probe_label") == null) {
        continue; // a bystander (Tony_Blair_0001 holds two faces): it also finds itself at distance 0, unlabelled
      }
      closestByImage.merge(image, first, (a, b) -> a.<Float>getAs("distance") <= b.<Float>getAs("distance") ? a : b);
    }
    assertEquals(6, closestByImage.size(), "every readable probe image: " + closestByImage.keySet());
    float threshold = models.select(ModelRole.EMBEDDER, config.models().embedder()).searchThreshold();
    for (Row best : closestByImage.values()) {
      String image = best.<String>getAs("probe_image_uri");
      assertEquals(best.<String>getAs("probe_label"), best.<String>getAs("label"), image + ": its person ranks first");
      String expected = best.<Float>getAs("distance") < threshold ? best.<String>getAs("label") : MatchRows.UNKNOWN;
      assertEquals(expected, best.<String>getAs("decision"), image + " at distance " + best.<Float>getAs("distance"));
    }
  }

  /**
   * With the quality gate, a blurred probe image is decided low_quality with its reason, its
   * candidates still written; a sharp one is decided as usual.
   */
  @Test
  void aBlurredProbeIsDecidedLowQuality() throws IOException {
    Degraded.writeSharpAndBlurred(dir.resolve("quality-probes/Colin_Powell"));
    Path galleryImages = dir.resolve("quality-gallery");
    for (String person : new String[] {"Colin_Powell", "Tony_Blair", "George_W_Bush"}) {
      for (int i = 2; i <= 5; i++) {
        copy(SharedTestData.lfw(person, i), galleryImages.resolve(person));
      }
    }
    String root = indexImages(galleryImages);
    SearchBatchPlan plain = plan(root, dir.resolve("quality-probes").toString(), dir.resolve("out"), Optional.of(true),
        "dir");
    SearchBatchPlan gated = new SearchBatchPlan(plain.root(), plain.generation(), plain.probes(), plain.output(),
        plain.k(), plain.oversample(), plain.probesPerTask(), plain.images(), plain.models(), plain.labels(),
        plain.ingest(), plain.pipeline(), plain.targetFpir(), plain.personDistance(), config.quality().limits());
    SearchBatchSummary summary = new SearchBatchJob(spark, gated, quiet()).run();
    assertEquals(1, summary.lowQuality(), summary.line());

    for (List<Row> rows : readByProbe(dir.resolve("out")).values()) {
      Row first = rows.get(0);
      boolean blurred = first.<String>getAs("probe_image_uri").endsWith("blurred.png");
      assertEquals(K, rows.size(), "every probe keeps its candidates");
      List<String> reasons = first.getList(first.fieldIndex("probe_quality_reasons"));
      assertEquals(blurred ? List.of("blurred") : List.of(), reasons, first.toString());
      if (blurred) {
        assertEquals(MatchRows.LOW_QUALITY, first.<String>getAs("decision"));
      } else {
        assertFalse(MatchRows.LOW_QUALITY.equals(first.getAs("decision")), first.toString());
      }
    }
  }

  /** Ingests the labelled images (folder per person) and indexes them in 2 shards; returns the index root. */
  private String indexImages(Path images) throws IOException {
    IngestConfig ingest = config.ingest();
    new IngestJob(spark, new IngestPlan(List.of(images.toString()), Optional.empty(),
        dir.resolve("ingested").toString(), IngestPlan.Labels.parse("dir"), "run-lfw",
        new IngestConfig(ingest.pathGlob(), 50_000, 5, 1, ingest.maxImageBytes()), PipelineSettings.of(config, models)),
        quiet()).run();
    String root = dir.resolve("lfw-index").toString();
    build(dir.resolve("ingested").toString(), root, 2);
    return root;
  }

  /** Image probes would be embedded by another model than the generation's: refused before any image is read. */
  @Test
  void imageProbesOfAnotherEmbedderAreRefusedNamingBothModels() {
    SearchBatchPlan plan = renamed(plan(shared.resolve("index").toString(), dir.toString(), dir.resolve("out"),
        Optional.of(true), "none"), "another-embedder");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SearchBatchJob(spark, plan, quiet()).run());
    assertTrue(e.getMessage().contains("another-embedder") && e.getMessage().contains(MODEL), e.getMessage());
  }

  private static SearchBatchPlan renamed(SearchBatchPlan plan, String embedderId) {
    ModelSpec e = plan.pipeline().embedder();
    ModelSpec renamed = new ModelSpec(embedderId, e.version(), e.role(), e.file(), e.sha256(),
        e.license(), e.description(), e.source(), e.input(), e.alignment(), e.outputDimension(), e.metric(),
        e.threshold(), e.mirrorAverage(), e.identificationThreshold(), e.trainingData(), e.singleFaceRuns(), e.fusion());
    return new SearchBatchPlan(plan.root(), plan.generation(), plan.probes(), plan.output(), plan.k(),
        plan.oversample(), plan.probesPerTask(), plan.images(), plan.models(), plan.labels(), plan.ingest(),
        plan.pipeline().withEmbedder(renamed), plan.targetFpir(), plan.personDistance(), plan.qualityGate());
  }

  /**
   * The kNN graph's lookup (every shard searched in the probe's own task): each face's neighbours are
   * the brute-force top k cut at the threshold, and every probe x shard search is counted.
   */
  @Test
  void neighboursAreTheExactTopKAboveTheThreshold() throws IOException {
    float threshold = 0.9f;
    BatchLookup lookup = BatchLookup.open(spark, shared.resolve("index").toString(), OptionalLong.empty(), K, 5, 50);
    org.apache.spark.util.LongAccumulator lookups = spark.sparkContext().longAccumulator("test lookups");
    Map<String, List<Row>> byFace = new HashMap<>();
    for (Row row : lookup.neighbours(spark.read().parquet(shared.resolve("gallery").toString()), gallery.size(),
        threshold, lookups).collectAsList()) {
      byFace.computeIfAbsent(row.getString(0), id -> new ArrayList<>()).add(row);
    }
    assertEquals(3L * gallery.size(), lookups.value(), "each face searched in each of the 3 shards");
    int cut = 0;
    for (FaceDoc face : gallery) {
      List<FaceDoc> exact = bruteForce(face.embedding());
      List<String> expected = exact.stream().filter(f -> dot(face.embedding(), f.embedding()) >= threshold)
          .map(FaceDoc::faceId).toList();
      cut += exact.size() - expected.size();
      List<Row> rows = byFace.getOrDefault(face.faceId(), List.of());
      rows.sort(Comparator.comparingInt(r -> r.getInt(1)));
      assertEquals(expected, rows.stream().map(r -> r.getString(2)).toList(), face.faceId());
      assertEquals(face.faceId(), rows.get(0).getString(2), "a face is its own nearest");
    }
    assertTrue(cut > 0, "the threshold removed some of the top " + K);
  }

  private SearchBatchSummary run(String probes, Path out, Optional<Boolean> images) throws IOException {
    return new SearchBatchJob(spark, plan(shared.resolve("index").toString(), probes, out, images, "none"), quiet())
        .run();
  }

  private static SearchBatchPlan plan(String root, String probes, Path out, Optional<Boolean> images, String labels) {
    // 50 probes per task: several probe partitions x shards even for small inputs.
    return new SearchBatchPlan(root, OptionalLong.empty(), probes, out.toString(), K, 5, 50, images, models,
        IngestPlan.Labels.parse(labels), config.ingest(), PipelineSettings.of(config, models), 0.01,
        PersonDistance.BEST, null); // the rule the person test checks against brute force
  }

  private static void build(String input, String root, int shards) throws IOException {
    IndexConfig index = config.index().with(VectorFormat.INT8, 16, 100, shards);
    new IndexBuildJob(spark, new IndexBuildPlan(input, root, index, models), quiet()).run();
  }

  /** Each probe's rows, by rank. */
  private static Map<String, List<Row>> readByProbe(Path out) {
    Map<String, List<Row>> byProbe = new HashMap<>();
    for (Row row : spark.read().parquet(out.toString()).collectAsList()) {
      byProbe.computeIfAbsent(row.<String>getAs("probe_face_id"), id -> new ArrayList<>()).add(row);
    }
    byProbe.values().forEach(rows -> rows.sort(Comparator.comparingInt(r -> r.<Integer>getAs("rank"))));
    return byProbe;
  }

  /** The exact top K over the whole gallery: highest dot product, then smallest face id. */
  private static List<FaceDoc> bruteForce(float[] probe) {
    return gallery.stream()
        .sorted(Comparator.comparingDouble((FaceDoc f) -> -dot(probe, f.embedding())).thenComparing(FaceDoc::faceId))
        .limit(K).toList();
  }

  private static float dot(float[] a, float[] b) {
    return org.apache.lucene.util.VectorUtil.dotProduct(a, b);
  }

  private static void copy(Path image, Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.copy(image, folder.resolve(image.getFileName()));
  }

  private static List<String> listNames(Path folder) throws IOException {
    try (Stream<Path> paths = Files.list(folder)) {
      return paths.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }
}
