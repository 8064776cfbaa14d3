package io.faceengine.bench.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.quality.QualityLimits;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.IndexBuildJob;
import io.faceengine.index.IndexBuildPlan;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.ingest.IngestJob;
import io.faceengine.ingest.IngestPlan;
import io.faceengine.spark.FacesDataset;
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
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery generator on real LFW faces (the ingest job on 4 images of each of the first 25
 * people who have that many), one gallery built for the class: exact size, the faces schema,
 * LFW-like distances, repeatable for a seed, and readable by the index build.
 */
class GalleryBuilderTest extends SparkJobTestCase {
  private static final int PEOPLE = 25;
  private static final int IMAGES_EACH = 4;
  private static final int SYNTHETIC = 3000;
  private static final String GALLERY_MODEL = "dlib-resnet-v1";

  private static EngineConfig config;
  private static ModelManifest models;
  private static double threshold;
  private static long realFaces;
  private static GalleryBuilder.Result built;
  @TempDir static Path ingested;

  @TempDir Path dir;

  /** Ingests the LFW images and builds one gallery of them plus synthetic faces, seed 7. */
  @BeforeAll
  static void ingestLfwAndBuildAGallery() throws IOException {
    // The generator's face space was fitted and validated on dlib's 128-d embeddings; with the 512-d
    // MobileFaceNet its same-identity distances come out too wide (median 1.19 against LFW's 0.84).
    config = EngineConfig.load(SharedTestData.projectDir()).withEmbedder(Optional.of(GALLERY_MODEL));
    models = ModelManifest.load(config.models().manifest());
    ModelSpec embedder = models.select(ModelRole.EMBEDDER, config.models().embedder());
    threshold = GalleryBuilder.euclideanThreshold(embedder);
    SharedTestData.model(embedder.file());
    Path images = ingested.resolve("images");
    List<Path> people;
    try (Stream<Path> folders = Files.list(SharedTestData.lfw())) {
      people = folders.filter(Files::isDirectory).sorted().filter(GalleryBuilderTest::hasEnoughImages)
          .limit(PEOPLE).toList();
    }
    for (Path person : people) {
      SharedTestData.copyLfw(person.getFileName().toString(), IMAGES_EACH, images);
    }
    IngestConfig ingest = config.ingest();
    IngestPlan plan = new IngestPlan(List.of(images.toString()), Optional.empty(), ingested.resolve("out").toString(),
        IngestPlan.Labels.parse("dir"), "run-lfw", new IngestConfig(ingest.pathGlob(), 50_000, 5, 1,
        ingest.maxImageBytes()), PipelineSettings.of(config, models));
    new IngestJob(spark, plan, quiet()).run();
    realFaces = spark.read().parquet(ingested.resolve("out/faces").toString()).count();
    built = new GalleryBuilder(spark, quiet()).build(ingested.resolve("out").toString(), realFaces + SYNTHETIC,
        ingested.resolve("gallery").toString(), 7, models);
  }

  @Test
  void galleryHasTheSizeTheSchemaAndLfwsDistances() {
    String real = ingested.resolve("out").toString();
    long size = realFaces + SYNTHETIC;
    Dataset<Row> gallery = spark.read().parquet(ingested.resolve("gallery/faces").toString());
    assertEquals(size, gallery.count());
    assertEquals(realFaces, built.realFaces());
    assertEquals(spark.read().parquet(real + "/faces").schema(), gallery.schema(), "the ingest faces schema");
    assertEquals(realFaces, gallery.filter("run_id = 'run-lfw'").count(), "every real face, in its run");
    assertEquals(SYNTHETIC, gallery.filter("run_id = 'synthetic-s7'").count());
    assertEquals(size, gallery.select("face_id").distinct().count(), "face ids are unique");

    DistanceProfile lfw = built.real();
    DistanceProfile synthetic = built.synthetic();
    // Medians are fitted; the tails come from the fitted spreads and must follow.
    assertEquals(lfw.sameMedian(), synthetic.sameMedian(), 0.02, "same-identity median");
    assertEquals(lfw.differentMedian(), synthetic.differentMedian(), 0.02, "different-identity median");
    assertEquals(lfw.sameP95(), synthetic.sameP95(), 0.06, "same-identity p95");
    assertEquals(lfw.differentP5(), synthetic.differentP5(), 0.06, "different-identity p5");
    // Clusters, not noise: one identity's faces within the threshold, different ones beyond it.
    assertTrue(synthetic.sameWithin() > 0.85, synthetic.describe());
    assertTrue(synthetic.differentWithin() < 0.05, synthetic.describe());
    for (Row row : gallery.filter("run_id = 'synthetic-s7'").select("embedding").limit(200).collectAsList()) {
      assertEquals(1.0, norm(row.getList(0)), 1e-5, "unit vectors");
    }
  }

  @Test
  void aSeedGivesTheSameGallery() throws IOException {
    String real = ingested.resolve("out").toString();
    long size = realFaces + 500;
    new GalleryBuilder(spark, quiet()).build(real, size, dir.resolve("a").toString(), 3, models);
    new GalleryBuilder(spark, quiet()).build(real, size, dir.resolve("b").toString(), 3, models);
    assertEquals(sorted(dir.resolve("a/faces")), sorted(dir.resolve("b/faces")));
    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
        () -> new GalleryBuilder(spark, quiet()).build(real, size, dir.resolve("a").toString(), 3, models));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> new GalleryBuilder(spark, quiet()).build(real, 10, dir.resolve("c").toString(), 3, models));
    assertTrue(small.getMessage().contains("below"), small.getMessage());
  }

  /** The index build reads the gallery unchanged, and a real face finds itself among the synthetic ones. */
  @Test
  void indexBuildReadsTheGallery() throws IOException {
    String real = ingested.resolve("out").toString();
    String root = dir.resolve("index").toString();
    IndexBuildPlan plan = new IndexBuildPlan(ingested.resolve("gallery").toString(), root,
        config.index().with(config.index().format(), 16, 100, 2), models);
    GenerationManifest manifest = new IndexBuildJob(spark, plan, quiet()).run();
    assertEquals(realFaces + SYNTHETIC, manifest.totalDocs());
    assertEquals(List.of("run-lfw", "synthetic-s7"), manifest.sourceRuns());

    Row face = spark.read().parquet(real + "/faces").select("face_id", "embedding").first();
    GenerationStore store = new GenerationStore(new Configuration(), root);
    List<ShardHit> hits = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      try (ShardSearcher searcher = new ShardSearcher(Path.of(store.shardPath(1, shard).toUri()), 5)) {
        hits.addAll(searcher.search(floats(face.getList(1)), 1));
      }
    }
    assertEquals(face.getString(0), hits.stream().max(Comparator.comparingDouble(ShardHit::similarity))
        .orElseThrow().faceId());
  }

  /** Faces ingested before schema 3 hold measurements but no verdicts: the synthetic faces still pass the gate. */
  @Test
  void syntheticFacesPassTheQualityGateBesideFacesIngestedWithoutVerdicts() throws IOException {
    Dataset<Row> ingestedFaces = spark.read().parquet(ingested.resolve("out/faces").toString());
    ingestedFaces.drop(FacesSchema.QUALITY_OK, FacesSchema.QUALITY_REASONS).write()
        .partitionBy(FacesSchema.RUN_ID, FacesSchema.BATCH).parquet(dir.resolve("schema2/faces").toString());
    new GalleryBuilder(spark, quiet()).build(dir.resolve("schema2").toString(), realFaces + 500,
        dir.resolve("gallery").toString(), 3, models);

    Dataset<Row> gallery = FacesDataset.open(spark, dir.resolve("gallery").toString(), List.of()).faces();
    QualityLimits limits = config.quality().limits();
    Dataset<Row> passed = gallery.filter(FacesDataset.qualityOk(gallery, limits));
    assertEquals(500, passed.filter("run_id = 'synthetic-s3'").count(), "every synthetic face passes");
    Dataset<Row> judged = ingestedFaces.filter(FacesDataset.qualityOk(ingestedFaces, limits));
    assertEquals(judged.count(), passed.filter("run_id = 'run-lfw'").count(),
        "the real faces are judged from their measurements as before");
  }

  private static List<String> sorted(Path faces) {
    return spark.read().parquet(faces.toString()).select("face_id", "label", "embedding", FacesSchema.RUN_ID,
        FacesSchema.BATCH).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static boolean hasEnoughImages(Path person) {
    try (Stream<Path> files = Files.list(person)) {
      return files.count() >= IMAGES_EACH;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double norm(List<Float> v) {
    return Math.sqrt(v.stream().mapToDouble(x -> x * x).sum());
  }

  private static float[] floats(List<Float> values) {
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
