package io.faceengine.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.person.PersonTemplate;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.lucene.TemplateMatch;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.ingest.IngestJob;
import io.faceengine.ingest.IngestPlan;
import io.faceengine.spark.FacesDataset;
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
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Person templates in local-mode Spark on real Lucene shards, from real LFW faces: a build writes
 * one template per label into the shard its label hashes to, each the quality-weighted mean of its
 * faces; an update rebuilds the template of a label that loses or gains a face, and drops that of a
 * deleted label.
 */
class IndexTemplatesTest extends SparkJobTestCase {
  private static final String[] PEOPLE = {"Colin_Powell", "Tony_Blair", "Donald_Rumsfeld"};
  private static final int IMAGES = 5;
  private static final int SHARDS = 4;

  private static EngineConfig config;
  private static ModelManifest models;
  @TempDir static Path ingested;

  @TempDir Path dir;

  /** Ingests images 1..5 of each of three people as run-1, and image 6 of the first in its own folder (for run-2). */
  @BeforeAll
  static void start() throws IOException {
    config = EngineConfig.load(SharedTestData.projectDir());
    models = ModelManifest.load(config.models().manifest());
    SharedTestData.model(models.defaultModel(ModelRole.EMBEDDER).file());
    for (String person : PEOPLE) {
      SharedTestData.copyLfw(person, IMAGES, ingested.resolve("images"));
    }
    Path later = Files.createDirectories(ingested.resolve("later").resolve(PEOPLE[0]));
    Files.copy(SharedTestData.lfw(PEOPLE[0], IMAGES + 1), later.resolve(SharedTestData.lfw(PEOPLE[0], IMAGES + 1)
        .getFileName()));
    ingest("images", "run-1");
  }

  private static void ingest(String folder, String runId) throws IOException {
    IngestConfig ingest = config.ingest();
    IngestPlan plan = new IngestPlan(List.of(ingested.resolve(folder).toString()), Optional.empty(), out(),
        IngestPlan.Labels.parse("dir"), runId, new IngestConfig(ingest.pathGlob(), 50_000, 5, 1, ingest.maxImageBytes()),
        PipelineSettings.of(config, models));
    new IngestJob(spark, plan, new PrintStream(new ByteArrayOutputStream())).run();
  }

  private static String out() {
    return ingested.resolve("out").toString();
  }

  /** Each person's template: in its label's shard, the weighted mean of its faces, nearest its own faces. */
  @Test
  void aBuildWritesEachPersonsTemplateInItsLabelsShard() throws IOException {
    GenerationManifest manifest = build();
    assertTrue(manifest.templates());
    assertEquals(PEOPLE.length, manifest.totalTemplates());
    ShardAssigner assigner = new ShardAssigner(SHARDS);
    long[] expected = new long[SHARDS];
    for (String person : PEOPLE) {
      expected[assigner.shardOfTemplate(person)]++;
    }
    for (ShardEntry shard : manifest.shards()) {
      assertEquals(expected[shard.shard()], shard.templates(), "templates in shard " + shard.shard());
    }
    assertEquals(List.of(), new GenerationVerifier(store(), dir).verify(manifest.generation(), 20, 5, 1).problems(),
        "the verifier counts faces and templates apart");

    List<Row> faces = faces("run-1");
    try (Shards shards = new Shards(store(), manifest)) {
      for (String person : PEOPLE) {
        TemplateMatch template = shards.template(person);
        assertEquals(IMAGES, template.faces());
        assertArrayEquals(weightedMean(faces, person), template.embedding(), 1e-5f, "the template of " + person);
        assertEquals(person, shards.nearestFace(template.embedding()).label(), "the template finds its person first");
      }
      for (Row face : faces) {
        if (face.isNullAt(1)) {
          continue; // a face beside the subject: the ingest labels the subject only
        }
        float[] embedding = FacesDataset.embedding(face, 2, face.getString(0));
        assertEquals(face.getString(1), shards.nearestTemplate(embedding).label(),
            "face " + face.getString(0) + " finds its person's template first");
      }
    }
  }

  /** Deleting a face rebuilds its person's template from the others; a new run's face joins it; a deleted label loses it. */
  @Test
  void anUpdateRebuildsTheTemplatesWhoseFacesChange() throws IOException {
    build();
    List<Row> faces = faces("run-1");
    Row deleted = faces.stream().filter(f -> PEOPLE[0].equals(f.getString(1))).findFirst().orElseThrow();
    GenerationManifest second = update(new Deletions(List.of(deleted.getString(0)), List.of(), List.of()));
    assertEquals(2, second.generation());
    ShardAssigner assigner = new ShardAssigner(SHARDS);
    assertFalse(second.reusedShards().contains(assigner.shardOfTemplate(PEOPLE[0])),
        "the template's shard is rebuilt, whichever shard held the face");
    List<Row> remaining = faces.stream().filter(f -> !f.getString(0).equals(deleted.getString(0))).toList();
    try (Shards shards = new Shards(store(), second)) {
      TemplateMatch rebuilt = shards.template(PEOPLE[0]);
      assertEquals(IMAGES - 1, rebuilt.faces());
      assertArrayEquals(weightedMean(remaining, PEOPLE[0]), rebuilt.embedding(), 1e-5f);
      assertArrayEquals(weightedMean(faces, PEOPLE[1]), shards.template(PEOPLE[1]).embedding(), 1e-5f, "untouched");
    }

    ingest("later", "run-2");
    GenerationManifest third = update(Deletions.NONE);
    List<Row> now = new ArrayList<>(remaining);
    now.addAll(faces("run-2"));
    try (Shards shards = new Shards(store(), third)) {
      assertEquals(IMAGES, shards.template(PEOPLE[0]).faces(), "the new run's face joins the template");
      assertArrayEquals(weightedMean(now, PEOPLE[0]), shards.template(PEOPLE[0]).embedding(), 1e-5f);
    }

    GenerationManifest fourth = update(new Deletions(List.of(), List.of(), List.of(PEOPLE[1])));
    assertEquals(PEOPLE.length - 1, fourth.totalTemplates());
    try (Shards shards = new Shards(store(), fourth)) {
      assertEquals(Optional.empty(), shards.find(PEOPLE[1]), "a deleted label has no template");
      assertEquals(IMAGES, shards.template(PEOPLE[0]).faces());
    }
  }

  /** The quality-weighted mean of a person's faces (columns of {@link #faces}), re-normalised. */
  private static float[] weightedMean(List<Row> faces, String person) {
    PersonTemplate template = null;
    for (Row face : faces) {
      if (person.equals(face.getString(1))) {
        float[] embedding = FacesDataset.embedding(face, 2, face.getString(0));
        template = template == null ? new PersonTemplate(embedding.length) : template;
        template.add(embedding, PersonTemplate.weight(face.getFloat(3), face.getFloat(4), face.getFloat(5),
            face.getFloat(6)));
      }
    }
    return template.embedding();
  }

  /** face_id, label (null beside the subject), embedding, det_score, face size, yaw, pitch of one run's faces. */
  private static List<Row> faces(String runId) {
    return spark.read().parquet(out() + "/faces").filter("run_id = '" + runId + "'")
        .select("face_id", "label", "embedding", "det_score", "quality.face_size", "quality.yaw", "quality.pitch")
        .collectAsList();
  }

  private GenerationManifest build() throws IOException {
    IndexConfig index = config.index().with(VectorFormat.INT8, 16, 100, SHARDS).withTemplates(true);
    return new IndexBuildJob(spark, new IndexBuildPlan(out(), root(), index, models),
        new PrintStream(new ByteArrayOutputStream())).run();
  }

  private GenerationManifest update(Deletions deletions) throws IOException {
    IndexUpdatePlan plan = new IndexUpdatePlan(Optional.of(out()), root(), deletions, config.index(), true);
    return new IndexUpdateJob(spark, plan, new PrintStream(new ByteArrayOutputStream())).run();
  }

  private String root() {
    return dir.resolve("index").toString();
  }

  private GenerationStore store() {
    return new GenerationStore(new Configuration(), root());
  }

  /** Every shard of a generation opened. */
  private static final class Shards implements AutoCloseable {
    private final List<ShardSearcher> searchers = new ArrayList<>();

    Shards(GenerationStore store, GenerationManifest manifest) throws IOException {
      for (ShardEntry shard : manifest.shards()) {
        searchers.add(new ShardSearcher(Path.of(store.shardPath(manifest.generation(), shard.shard()).toUri()), 5));
      }
    }

    Optional<TemplateMatch> find(String label) throws IOException {
      float[] any = null;
      for (ShardSearcher searcher : searchers) {
        if (searcher.dimension() > 0) {
          any = new float[searcher.dimension()];
          any[0] = 1;
        }
      }
      List<TemplateMatch> found = new ArrayList<>();
      for (ShardSearcher searcher : searchers) {
        searcher.template(label, any).ifPresent(found::add);
      }
      assertTrue(found.size() <= 1, label + " has one template at most: " + found);
      return found.stream().findFirst();
    }

    TemplateMatch template(String label) throws IOException {
      return find(label).orElseThrow(() -> new AssertionError("no template of " + label));
    }

    ShardHit nearestFace(float[] probe) throws IOException {
      List<ShardHit> hits = new ArrayList<>();
      for (ShardSearcher searcher : searchers) {
        hits.addAll(searcher.search(probe, 1));
      }
      return hits.stream().max(Comparator.comparingDouble(ShardHit::similarity)).orElseThrow();
    }

    TemplateMatch nearestTemplate(float[] probe) throws IOException {
      List<TemplateMatch> found = new ArrayList<>();
      for (ShardSearcher searcher : searchers) {
        found.addAll(searcher.searchTemplates(probe, 1, null));
      }
      return found.stream().max(Comparator.comparingDouble(TemplateMatch::similarity)).orElseThrow();
    }

    @Override
    public void close() throws IOException {
      for (ShardSearcher searcher : searchers) {
        searcher.close();
      }
    }
  }
}
