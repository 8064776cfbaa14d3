package io.faceengine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.testing.Degraded;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.FaceLikeVectors;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.ingest.IngestJob;
import io.faceengine.ingest.IngestPlan;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.SparkJobTestCase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index build in local-mode Spark: real LFW faces from the ingest job, and synthetic faces for failures. */
class IndexBuildJobTest extends SparkJobTestCase {
  private static final String MODEL = "dlib-resnet-v1";
  private static final String[] PEOPLE = {"Colin_Powell", "Tony_Blair", "George_W_Bush", "Donald_Rumsfeld",
      "Gerhard_Schroeder"};

  private static EngineConfig config;
  private static ModelManifest models;
  @TempDir static Path ingested;

  @TempDir Path dir;

  /** Ingests 4 LFW images of each of 5 people once for the class. */
  @BeforeAll
  static void start() throws IOException {
    config = EngineConfig.load(SharedTestData.projectDir());
    models = ModelManifest.load(config.models().manifest());
    SharedTestData.model(models.defaultModel(ModelRole.EMBEDDER).file());
    Path images = ingested.resolve("images");
    for (String person : PEOPLE) {
      SharedTestData.copyLfw(person, 4, images);
    }
    IngestConfig ingest = config.ingest();
    IngestPlan plan = new IngestPlan(List.of(images.toString()), Optional.empty(), ingested.resolve("out").toString(),
        IngestPlan.Labels.parse("dir"), "run-lfw", new IngestConfig(ingest.pathGlob(), 50_000, 5, 1,
        ingest.maxImageBytes()), PipelineSettings.of(config, models));
    new IngestJob(spark, plan, quiet()).run();
  }

  /** 4 shards from real faces: counts match the assigner, shards are clean, and every face finds itself first. */
  @Test
  void everyIndexedLfwFaceFindsItselfFirst() throws IOException {
    GenerationManifest manifest = build(ingested.resolve("out").toString(), 4);
    List<Row> faces = spark.read().parquet(ingested.resolve("out/faces").toString())
        .select("face_id", "embedding", "label").collectAsList();
    assertTrue(faces.size() >= 20, "at least one face per image: " + faces.size());

    assertEquals(1, manifest.generation());
    ModelSpec embedder = models.select(ModelRole.EMBEDDER, config.models().embedder());
    assertEquals(embedder.id(), manifest.modelId(), "the ingest's embedder: the configured one");
    assertEquals(embedder.outputDimension(), manifest.dimension());
    assertEquals(embedder.metric(), manifest.metric());
    assertEquals("DOT_PRODUCT", manifest.similarity());
    assertEquals(VectorFormat.INT8, manifest.vectorFormat());
    assertEquals(List.of("run-lfw"), manifest.sourceRuns());
    assertEquals(faces.size(), manifest.totalDocs());
    SearchBreadth breadth = manifest.searchBreadth();
    assertEquals(faces.size(), breadth.probes(), "fewer faces than probes: every face is one");
    assertEquals(List.of(1, 1, 1, 1), breadth.oversamples(), "a graph of a few faces finds them all: " + breadth);
    assertTrue(breadth.reached(), breadth.toString());
    long[] expected = new long[4];
    ShardAssigner assigner = new ShardAssigner(4);
    faces.forEach(face -> expected[assigner.shardOf(face.getString(0))]++);
    for (ShardEntry shard : manifest.shards()) {
      assertEquals(expected[shard.shard()], shard.docs(), "faces in shard " + shard.shard());
    }

    GenerationStore store = store();
    assertEquals(OptionalLong.of(1), store.current());
    List<ShardSearcher> searchers = new ArrayList<>();
    try {
      for (int shard = 0; shard < 4; shard++) {
        Path local = Path.of(store.shardPath(1, shard).toUri());
        try (FSDirectory directory = FSDirectory.open(local); CheckIndex check = new CheckIndex(directory)) {
          assertTrue(check.checkIndex().clean, "shard " + shard);
        }
        searchers.add(new ShardSearcher(local, 5));
      }
      for (Row face : faces) {
        float[] probe = embedding(face);
        List<ShardHit> hits = new ArrayList<>();
        for (ShardSearcher searcher : searchers) {
          hits.addAll(searcher.search(probe, 1));
        }
        ShardHit best = hits.stream().max(Comparator.comparingDouble(ShardHit::similarity)).orElseThrow();
        assertEquals(face.getString(0), best.faceId(), "top-1 of its own embedding");
        assertEquals(face.getString(2), best.label());
        assertEquals(1.0, best.similarity(), 1e-4);
      }
    } finally {
      for (ShardSearcher searcher : searchers) {
        searcher.close();
      }
    }
  }

  /** A shard task that fails (here on a face whose embedding is not normalised) leaves CURRENT where it was. */
  @Test
  void aFailedShardTaskLeavesCurrentOnThePreviousGenerationAndRollbackWorks() throws IOException {
    List<FaceDoc> good = new FaceLikeVectors(1, 40, 128).faces(3);
    String input = dir.resolve("faces-good").toString();
    SparkFaces.write(spark, good, MODEL, input);
    assertEquals(1, build(input, 4).generation());

    List<FaceDoc> bad = new ArrayList<>(new FaceLikeVectors(2, 40, 128).faces(3));
    float[] twice = bad.get(7).embedding().clone();
    for (int i = 0; i < twice.length; i++) {
      twice[i] *= 2;
    }
    FaceDoc broken = new FaceDoc("broken-face", null, "file:/broken.jpg", null, "run-0", new BoundingBox(0, 0, 1, 1),
        twice);
    bad.add(broken);
    String badInput = dir.resolve("faces-bad").toString();
    SparkFaces.write(spark, bad, MODEL, badInput);
    IOException e = assertThrows(IOException.class, () -> build(badInput, 4));
    assertTrue(e.getMessage().contains("CURRENT unchanged (gen-1)") && e.getMessage().contains("broken-face")
        && e.getMessage().contains("not L2-normalised"), e.getMessage());
    GenerationStore store = store();
    assertEquals(OptionalLong.of(1), store.current());
    assertEquals(List.of(1L), store.generations(), "the failed generation has no manifest");

    assertEquals(3, build(input, 3).generation(), "a rebuild with another shard count");
    assertFalse(Files.exists(dir.resolve("index/gen-2")), "the failed generation's leftovers are gone");
    assertEquals(OptionalLong.of(3), store.current());
    assertEquals(1, new GenerationPublisher(store).rollback());
    assertEquals(4, store.manifest(store.current().getAsLong()).shardCount());
  }

  @Test
  void refusesFacesOfMixedModels() {
    String input = dir.resolve("faces-mixed").toString();
    SparkFaces.write(spark, new FaceLikeVectors(3, 5, 128).faces(2), MODEL, input);
    SparkFaces.write(spark, new FaceLikeVectors(4, 5, 128).faces(2), "other-model", input);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(input, 2));
    assertTrue(e.getMessage().contains(input) && e.getMessage().contains("[dlib-resnet-v1 (10 faces), other-model (10 faces)]"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("index")), "nothing was created");
  }

  /**
   * Faces flagged at ingest are left out, and so are faces of a run ingested before the flags
   * existed (schema 2, read beside a schema-3 run) whose measurements break the limits; the plan
   * says how many, and --include-low-quality (no gate) enrols them all.
   */
  @Test
  void facesOfLowQualityAreLeftOutOfTheBuild() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("images/Colin_Powell"));
    for (int i = 1; i <= 2; i++) {
      Path image = SharedTestData.lfw("Colin_Powell", i);
      Files.copy(image, folder.resolve("sharp" + i + ".jpg"));
      Files.write(folder.resolve("blurred" + i + ".png"), Degraded.blurred(image));
    }
    String out = dir.resolve("out").toString();
    IngestConfig ingest = config.ingest();
    new IngestJob(spark, new IngestPlan(List.of(dir.resolve("images").toString()), Optional.empty(), out,
        IngestPlan.Labels.parse("dir"), "run-new", new IngestConfig(ingest.pathGlob(), 50_000, 5, 1,
        ingest.maxImageBytes()), PipelineSettings.of(config, models)), quiet()).run();
    String faces = dir.resolve("out/faces").toString();
    // The same faces as a run of schema 2: no quality_ok, no quality_reasons, other face ids.
    spark.read().parquet(faces).drop(FacesSchema.QUALITY_OK, FacesSchema.QUALITY_REASONS)
        .withColumn(FacesSchema.FACE_ID, functions.concat(functions.lit("old-"), functions.col(FacesSchema.FACE_ID)))
        .withColumn(FacesSchema.RUN_ID, functions.lit("run-old"))
        .write().partitionBy(FacesSchema.RUN_ID, FacesSchema.BATCH).mode(SaveMode.Append).parquet(faces);

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    IndexConfig index = config.index().with(VectorFormat.FLOAT32, 16, 100, 2);
    GenerationManifest gated = new IndexBuildJob(spark, new IndexBuildPlan(out, dir.resolve("gated").toString(), index,
        models, Deletions.NONE, true, config.quality().limits()), new PrintStream(console, true)).run();
    assertEquals(4, gated.totalDocs(), "the sharp faces of both runs");
    String printed = console.toString();
    assertTrue(printed.contains("+ quality gate: leaving out 4 faces of low quality"), printed);
    assertTrue(printed.contains("4 of low quality"), printed);
    GenerationStore gatedStore = new GenerationStore(new Configuration(), dir.resolve("gated").toString());
    for (Row face : spark.read().parquet(faces).select(FacesSchema.FACE_ID, FacesSchema.IMAGE_URI).collectAsList()) {
      boolean indexed = false;
      for (ShardEntry shard : gated.shards()) {
        try (ShardSearcher searcher = new ShardSearcher(Path.of(gatedStore.shardPath(gated.generation(), shard.shard())
            .toUri()), 5)) {
          indexed |= searcher.face(face.getString(0)).isPresent();
        }
      }
      assertEquals(face.getString(1).contains("sharp"), indexed, face.toString());
    }

    GenerationManifest all = new IndexBuildJob(spark, new IndexBuildPlan(out, dir.resolve("all").toString(), index,
        models, Deletions.NONE, true, null), quiet()).run();
    assertEquals(8, all.totalDocs(), "--include-low-quality enrols every face");
  }

  private GenerationManifest build(String input, int shards) throws IOException {
    IndexConfig index = config.index().with(VectorFormat.INT8, 16, 100, shards);
    return new IndexBuildJob(spark, new IndexBuildPlan(input, dir.resolve("index").toString(), index, models), quiet())
        .run();
  }

  private GenerationStore store() {
    return new GenerationStore(new Configuration(), dir.resolve("index").toString());
  }

  private static float[] embedding(Row face) {
    List<Float> values = face.getList(1);
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }
}
