package io.faceengine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.GenerationManifest.ShardFile;
import io.faceengine.index.GenerationVerifier.VerifyReport;
import io.faceengine.index.lucene.FaceLikeVectors;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardSchema;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.spark.SparkJobTestCase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index maintenance in local-mode Spark on real Lucene shards: updates that add runs and delete
 * faces while reusing untouched shards, deletions that survive a rebuild, refusal of mixed models,
 * and a shard task killed in the middle of a copy.
 */
class IndexUpdateJobTest extends SparkJobTestCase {
  private static final String MODEL = "dlib-resnet-v1";
  private static final int SHARDS = 4;

  private static EngineConfig config;
  private static ModelManifest models;

  @TempDir Path dir;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void start() {
    config = EngineConfig.load(SharedTestData.projectDir());
    models = ModelManifest.load(config.models().manifest());
    spark.sparkContext().hadoopConfiguration().set("fs." + FaultyFileSystem.SCHEME + ".impl",
        FaultyFileSystem.class.getName());
  }

  @AfterEach
  void disarm() {
    FaultyFileSystem.disarm();
  }

  /** A new run whose faces all fall in shard 1: only shard 1 is rebuilt, the others are byte-identical copies. */
  @Test
  void aNewRunRebuildsOnlyTheShardsItTouches() throws IOException {
    String input = dir.resolve("faces").toString();
    SparkFaces.write(spark, new FaceLikeVectors(1, 40, 128).faces(2), MODEL, input);
    GenerationManifest first = build(input, root());
    assertEquals(80, first.totalDocs());

    List<FaceDoc> fresh = newFacesInShard(1, 3, "run-2");
    SparkFaces.write(spark, fresh, MODEL, input);
    GenerationManifest second = update(input, Deletions.NONE);

    assertEquals(2, second.generation());
    assertEquals(1L, second.updatedFrom());
    assertEquals(List.of(0, 2, 3), second.reusedShards());
    assertEquals(List.of("run-0", "run-1", "run-2"), second.sourceRuns());
    assertEquals(83, second.totalDocs());
    assertEquals(first.shards().get(1).docs() + 3, second.shards().get(1).docs());
    for (int shard : List.of(0, 2, 3)) {
      assertEquals(first.shards().get(shard), second.shards().get(shard), "shard " + shard + " keeps its checksums");
      for (ShardFile file : first.shards().get(shard).files()) {
        assertEquals(-1, Files.mismatch(shardDir(1, shard).resolve(file.name()), shardDir(2, shard).resolve(file.name())),
            "shard " + shard + " " + file.name() + " is byte-identical");
      }
    }
    assertNotEquals(first.shards().get(1), second.shards().get(1));
    // CheckIndex takes the write lock (leaving a write.lock file): check a copy, not the published shard.
    Path copy = Files.createDirectories(dir.resolve("check"));
    for (ShardFile file : second.shards().get(1).files()) {
      Files.copy(shardDir(2, 1).resolve(file.name()), copy.resolve(file.name()));
    }
    try (FSDirectory directory = FSDirectory.open(copy); CheckIndex check = new CheckIndex(directory)) {
      assertTrue(check.checkIndex().clean);
      assertEquals(1, SegmentInfos.readLatestCommit(directory).size(), "the rebuilt shard is merged to one segment");
    }
    for (FaceDoc face : fresh) {
      assertEquals(face.faceId(), top(2, face.embedding()).faceId(), "a new face finds itself first");
    }
    String out = console.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("index gen-2 from gen-1: rebuilt 1 of 4 shards, reused 3; 3 faces added, 0 deleted; 83 faces"),
        out);
    assertTrue(verify(2).ok(0.9), verify(2).summary());

    GenerationManifest again = update(input, Deletions.NONE);
    assertEquals(2, again.generation(), "nothing new: no generation");
    assertEquals(OptionalLong.of(2), store().current());
  }

  /** Deletions by face id, image id and label leave search; the ledger keeps them out of a rebuild and of new runs. */
  @Test
  void deletedFacesLeaveSearchAndStayDeletedAfterARebuild() throws IOException {
    String input = dir.resolve("faces").toString();
    List<FaceDoc> faces = new FaceLikeVectors(2, 40, 128).faces(2);
    SparkFaces.write(spark, faces, MODEL, input);
    build(input, root());

    FaceDoc byFace = find(faces, "face-00003-00");
    FaceDoc byImage = find(faces, "face-00005-01");
    List<FaceDoc> byLabel = faces.stream().filter(f -> "person-7".equals(f.label())).toList();
    Deletions deletions = new Deletions(List.of(byFace.faceId()), List.of(byImage.imageId()), List.of("person-7"));
    GenerationManifest updated = update(input, deletions);

    assertEquals(76, updated.totalDocs());
    assertEquals(4, updated.facesDeleted());
    assertEquals(List.of("gen-2"), updated.deletionsApplied());
    ShardAssigner assigner = new ShardAssigner(SHARDS);
    List<Integer> touched = new ArrayList<>(List.of(assigner.shardOf(byFace.faceId()), assigner.shardOf(byImage.faceId())));
    byLabel.forEach(f -> touched.add(assigner.shardOf(f.faceId())));
    List<Integer> untouched = IntStream.range(0, SHARDS).boxed().filter(s -> !touched.contains(s)).toList();
    assertEquals(untouched, updated.reusedShards());
    List<FaceDoc> deleted = new ArrayList<>(List.of(byFace, byImage));
    deleted.addAll(byLabel);
    assertGone(2, deleted);
    assertTrue(searchAll(2, byLabel.get(0).embedding(), ShardSchema.labelFilter("person-7")).isEmpty());
    assertTrue(verify(2).ok(0.9), verify(2).summary());

    // A full rebuild from the same Parquet keeps them out, and records a deletion of its own.
    List<FaceDoc> person9 = faces.stream().filter(f -> "person-9".equals(f.label())).toList();
    GenerationManifest rebuilt = rebuild(input, new Deletions(List.of(), List.of(), List.of("person-9")));
    assertEquals(3, rebuilt.generation());
    assertEquals(74, rebuilt.totalDocs());
    assertEquals(6, rebuilt.facesDeleted());
    assertEquals(List.of("gen-2", "gen-3"), rebuilt.deletionsApplied());
    assertGone(3, deleted);
    assertGone(3, person9);

    // A new run with the deleted label: that face stays out, the other comes in.
    FaceDoc labelled = face("late-0", "person-7", "run-3", byLabel.get(0).embedding());
    FaceDoc other = face("late-1", "person-99", "run-3", faces.get(0).embedding());
    SparkFaces.write(spark, List.of(labelled, other), MODEL, input);
    GenerationManifest later = update(input, Deletions.NONE);
    assertEquals(75, later.totalDocs());
    assertGone(4, List.of(labelled));
    assertEquals("late-1", searchAll(4, other.embedding(), ShardSchema.labelFilter("person-99")).get(0).faceId());
  }

  /** --no-publish: the generation is complete and verifiable, but served only once published. */
  @Test
  void anUnpublishedUpdateIsServedOnlyOncePublished() throws IOException {
    String input = dir.resolve("faces").toString();
    SparkFaces.write(spark, new FaceLikeVectors(6, 20, 128).faces(2), MODEL, input);
    build(input, root());
    GenerationManifest staged = update(input, root(), new Deletions(List.of("face-00001-00"), List.of(), List.of()),
        false);
    assertEquals(2, staged.generation());
    assertEquals(39, staged.totalDocs());
    GenerationStore store = store();
    assertEquals(OptionalLong.of(1), store.current(), "not published");
    assertEquals(List.of(1L, 2L), store.generations());
    assertTrue(verify(2).ok(0.9));
    assertTrue(console.toString(StandardCharsets.UTF_8).contains("not published: CURRENT stays gen-1 until"
        + " 'index publish --gen 2'"));
    assertEquals(2, new GenerationPublisher(store).publish(2));
    assertEquals(OptionalLong.of(2), store.current());
  }

  @Test
  void rebuildAndUpdateRefuseMixedModelIdsNamingThemAndTheirCounts() throws IOException {
    String input = dir.resolve("faces").toString();
    SparkFaces.write(spark, new FaceLikeVectors(3, 10, 128).faces(2), MODEL, input);
    build(input, root());
    List<FaceDoc> foreign = new ArrayList<>();
    for (FaceDoc f : new FaceLikeVectors(4, 5, 128).faces(1)) {
      foreign.add(face("other-" + f.faceId(), f.label(), "run-9", f.embedding()));
    }
    SparkFaces.write(spark, foreign, "other-model", input);

    IllegalArgumentException rebuild = assertThrows(IllegalArgumentException.class, () -> build(input, root()));
    assertTrue(rebuild.getMessage().contains("[dlib-resnet-v1 (20 faces), other-model (5 faces)]"),
        rebuild.getMessage());
    IllegalArgumentException update = assertThrows(IllegalArgumentException.class,
        () -> update(input, Deletions.NONE));
    assertTrue(update.getMessage().contains("other-model (5 faces)") && update.getMessage().contains(
        "indexes model_id dlib-resnet-v1"), update.getMessage());
    assertEquals(OptionalLong.of(1), store().current());
    assertEquals(List.of(1L), store().generations());
  }

  /**
   * A shard task fails in the middle of copying a file into the new generation, once while publishing
   * the shard it rebuilt and once while carrying an untouched shard over: each time the job fails,
   * CURRENT stays, the previous generation verifies and serves; the next update succeeds and
   * deletes the partial generations.
   */
  @Test
  void aShardTaskKilledMidCopyLeavesCurrentOnThePreviousGeneration() throws IOException {
    String root = FaultyFileSystem.SCHEME + "://" + dir.resolve("index").toAbsolutePath();
    String input = dir.resolve("faces").toString();
    List<FaceDoc> faces = new FaceLikeVectors(5, 40, 128).faces(2);
    SparkFaces.write(spark, faces, MODEL, input);
    build(input, root);
    SparkFaces.write(spark, newFacesInShard(1, 2, "run-2"), MODEL, input);
    GenerationStore store = new GenerationStore(spark.sparkContext().hadoopConfiguration(), root);

    int faults = FaultyFileSystem.faults();
    for (String copying : List.of("/gen-2/_tmp/shard-1-", "/gen-3/_tmp/shard-2-")) {
      FaultyFileSystem.arm(copying, 100);
      IOException e = assertThrows(IOException.class, () -> update(input, root, Deletions.NONE));
      assertTrue(e.getMessage().contains("CURRENT unchanged (gen-1)") && e.getMessage().contains("injected fault"),
          e.getMessage());
      assertEquals(++faults, FaultyFileSystem.faults());
      assertEquals(OptionalLong.of(1), store.current());
      assertEquals(List.of(1L), store.generations(), "the partial generation has no manifest");
      VerifyReport report = new GenerationVerifier(store, Files.createTempDirectory(dir, "verify"))
          .verify(1, 50, 5, 7);
      assertTrue(report.ok(0.9), report.summary());
      FaceDoc probe = faces.get(11);
      assertEquals(probe.faceId(), top(store, 1, probe.embedding()).faceId(), "gen-1 still serves");
    }
    assertTrue(Files.exists(dir.resolve("index/gen-3")), "the partial generation is left for the next build");

    GenerationManifest recovered = update(input, root, Deletions.NONE);
    assertEquals(4, recovered.generation());
    assertEquals(82, recovered.totalDocs());
    assertEquals(OptionalLong.of(4), store.current());
    assertFalse(Files.exists(dir.resolve("index/gen-2")) || Files.exists(dir.resolve("index/gen-3")),
        "the next update deleted the partial generations");
    VerifyReport report = new GenerationVerifier(store, Files.createTempDirectory(dir, "verify")).verify(4, 50, 5, 7);
    assertTrue(report.ok(0.9), report.summary());
  }

  private GenerationManifest build(String input, String root) throws IOException {
    IndexConfig index = config.index().with(VectorFormat.INT8, 16, 100, SHARDS);
    return new IndexBuildJob(spark, new IndexBuildPlan(input, root, index, models), new PrintStream(console)).run();
  }

  private GenerationManifest rebuild(String input, Deletions deletions) throws IOException {
    IndexConfig index = config.index().with(VectorFormat.INT8, 16, 100, SHARDS);
    return new IndexBuildJob(spark, new IndexBuildPlan(input, root(), index, models, deletions, true),
        new PrintStream(console)).run();
  }

  private GenerationManifest update(String input, Deletions deletions) throws IOException {
    return update(input, root(), deletions);
  }

  private GenerationManifest update(String input, String root, Deletions deletions) throws IOException {
    return update(input, root, deletions, true);
  }

  private GenerationManifest update(String input, String root, Deletions deletions, boolean publish)
      throws IOException {
    IndexUpdatePlan plan = new IndexUpdatePlan(Optional.of(input), root, deletions, config.index(), publish);
    return new IndexUpdateJob(spark, plan, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
  }

  private String root() {
    return dir.resolve("index").toString();
  }

  private GenerationStore store() {
    return new GenerationStore(spark.sparkContext().hadoopConfiguration(), root());
  }

  private Path shardDir(long gen, int shard) {
    return dir.resolve("index/gen-" + gen + "/shard-" + shard);
  }

  private VerifyReport verify(long gen) throws IOException {
    return new GenerationVerifier(store(), Files.createTempDirectory(dir, "verify")).verify(gen, 50, 5, 42);
  }

  /** {@code count} new faces of run {@code runId} that all belong to shard {@code shard}. */
  private static List<FaceDoc> newFacesInShard(int shard, int count, String runId) {
    ShardAssigner assigner = new ShardAssigner(SHARDS);
    return new FaceLikeVectors(99, 60, 128).faces(1).stream()
        .map(f -> face("new-" + f.faceId(), "new-" + f.label(), runId, f.embedding()))
        .filter(f -> assigner.shardOf(f.faceId()) == shard)
        .limit(count)
        .toList();
  }

  private static FaceDoc face(String id, String label, String runId, float[] embedding) {
    return new FaceDoc(id, "image-" + id, "file:/faces/" + id + ".jpg", label, runId, new BoundingBox(1, 2, 30, 40),
        embedding);
  }

  private static FaceDoc find(List<FaceDoc> faces, String id) {
    return faces.stream().filter(f -> f.faceId().equals(id)).findFirst().orElseThrow();
  }

  private void assertGone(long gen, List<FaceDoc> deleted) throws IOException {
    for (FaceDoc face : deleted) {
      List<ShardHit> hits = searchAll(gen, face.embedding(), null);
      assertTrue(hits.stream().noneMatch(h -> h.faceId().equals(face.faceId())),
          face.faceId() + " is deleted from gen-" + gen + ": " + hits);
    }
  }

  private ShardHit top(long gen, float[] probe) throws IOException {
    return top(store(), gen, probe);
  }

  private ShardHit top(GenerationStore store, long gen, float[] probe) throws IOException {
    return search(store, gen, probe, null).get(0);
  }

  private List<ShardHit> searchAll(long gen, float[] probe, org.apache.lucene.search.Query filter) throws IOException {
    return search(store(), gen, probe, filter);
  }

  /** The top 10 over every shard of a generation. */
  private List<ShardHit> search(GenerationStore store, long gen, float[] probe, org.apache.lucene.search.Query filter)
      throws IOException {
    Path scratch = Files.createTempDirectory(dir, "search");
    List<ShardHit> hits = new ArrayList<>();
    for (ShardEntry shard : store.manifest(gen).shards()) {
      try (ShardSearcher searcher = new ShardSearcher(store.localShard(gen, shard.shard(), scratch), 5)) {
        hits.addAll(searcher.search(probe, 10, filter));
      }
    }
    hits.sort(Comparator.comparingDouble((ShardHit h) -> -h.similarity()).thenComparing(ShardHit::faceId));
    return hits.subList(0, Math.min(10, hits.size()));
  }
}
