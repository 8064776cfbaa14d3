package io.faceengine.index.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.index.FaceDoc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ShardIndexWriterTest {
  @TempDir Path dir;

  /** Every format: one segment, CheckIndex clean, the raw floats and stored fields kept exactly. */
  @ParameterizedTest
  @EnumSource(VectorFormat.class)
  void writesOneCleanSegmentKeepingRawVectors(VectorFormat format) throws IOException {
    List<FaceDoc> faces = new FaceLikeVectors(42, 60, 128).faces(5);
    Path shard = dir.resolve("shard");
    try (ShardIndexWriter writer = new ShardIndexWriter(shard, new ShardSettings(format, 16, 100, 128))) {
      for (FaceDoc face : faces) {
        writer.add(face);
      }
      assertEquals(300, writer.finish());
    }
    assertClean(shard);
    assertQuantizedCodes(shard, format, 300, 128);
    try (FSDirectory directory = FSDirectory.open(shard); DirectoryReader reader = DirectoryReader.open(directory)) {
      assertEquals(1, reader.leaves().size(), "merged to one segment");
      assertEquals(300, reader.numDocs());
      LeafReader leaf = reader.leaves().get(0).reader();
      FloatVectorValues vectors = leaf.getFloatVectorValues(ShardSchema.EMBEDDING);
      StoredFields stored = leaf.storedFields();
      var iterator = vectors.iterator();
      for (int doc = iterator.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = iterator.nextDoc()) {
        // Documents are numbered in the order they were added (one writer thread, merged in order).
        FaceDoc face = faces.get(doc);
        assertEquals(face.faceId(), stored.document(doc).get(ShardSchema.FACE_ID));
        assertArrayEquals(face.embedding(), vectors.vectorValue(iterator.index()), 0f,
            format + ": full-precision vector of " + face.faceId());
      }
    }
  }

  @Test
  void searchReturnsStoredFieldsAndFiltersByLabelAndRun() throws IOException {
    Path shard = dir.resolve("shard");
    FaceDoc unlabelled = new FaceDoc("no-label", null, "file:/x.jpg", null, "run-9", new BoundingBox(1, 2, 30, 40),
        unit(128, 0));
    List<FaceDoc> faces = new FaceLikeVectors(7, 20, 128).faces(4);
    try (ShardIndexWriter writer = new ShardIndexWriter(shard, new ShardSettings(VectorFormat.INT8, 16, 100, 128))) {
      faces.forEach(face -> add(writer, face));
      writer.add(unlabelled);
      writer.finish();
    }
    try (ShardSearcher searcher = new ShardSearcher(shard, 5)) {
      assertEquals(81, searcher.docs());
      assertEquals(128, searcher.dimension());
      ShardHit self = searcher.search(unlabelled.embedding(), 1).get(0);
      assertEquals(new ShardHit("no-label", null, "file:/x.jpg", null, "run-9", new BoundingBox(1, 2, 30, 40), 1f),
          new ShardHit(self.faceId(), self.imageId(), self.imageUri(), self.label(), self.runId(), self.box(),
              Math.round(self.similarity() * 1e5f) / 1e5f));

      FaceDoc probe = faces.get(13); // person-3, run-1
      List<ShardHit> person = searcher.search(probe.embedding(), 10, ShardSchema.labelFilter("person-3"));
      assertEquals(4, person.size(), "only person-3's four faces match the filter");
      assertTrue(person.stream().allMatch(h -> h.label().equals("person-3")));
      assertEquals(probe.faceId(), person.get(0).faceId());
      List<ShardHit> run = searcher.search(probe.embedding(), 100, ShardSchema.runFilter("run-1"));
      assertEquals(40, run.size());
      assertTrue(run.stream().allMatch(h -> h.runId().equals("run-1")));
      for (int i = 1; i < run.size(); i++) {
        assertTrue(run.get(i - 1).similarity() >= run.get(i).similarity(), "best first");
      }
      List<ShardHit> filtered = searcher.search(unlabelled.embedding(), 10, ShardSchema.labelFilter("person-0"));
      assertEquals(4, filtered.size());
      assertTrue(filtered.stream().noneMatch(h -> h.faceId().equals("no-label")), "the nearest face has no label");

      // With vectors: the same hits, each with its exact full-precision embedding; and a face by id.
      List<ShardMatch> matches = searcher.searchWithVectors(probe.embedding(), 10, null);
      assertEquals(searcher.search(probe.embedding(), 10), matches.stream().map(ShardMatch::hit).toList());
      FaceDoc second = faces.stream().filter(f -> f.faceId().equals(matches.get(1).hit().faceId())).findFirst()
          .orElseThrow();
      assertArrayEquals(second.embedding(), matches.get(1).embedding(), "the raw floats, not the int8 codes");
      ShardMatch byId = searcher.face(probe.faceId()).orElseThrow();
      assertEquals(probe.faceId(), byId.hit().faceId());
      assertEquals(probe.label(), byId.hit().label());
      assertArrayEquals(probe.embedding(), byId.embedding());
      assertTrue(searcher.face("no-such-face").isEmpty());
    }
  }

  @Test
  void rejectsWrongEmbeddingsNamingTheFace() throws IOException {
    try (ShardIndexWriter writer = new ShardIndexWriter(dir.resolve("shard"),
        new ShardSettings(VectorFormat.FLOAT32, 16, 100, 4))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> writer.add(face("short", new float[] {1, 0, 0})));
      assertTrue(e.getMessage().contains("face short") && e.getMessage().contains("3 dimensions"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> writer.add(face("long", new float[] {1, 1, 0, 0})));
      assertTrue(e.getMessage().contains("face long") && e.getMessage().contains("not L2-normalised"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> writer.add(face("nan", new float[] {Float.NaN, 0, 0, 0})));
      assertTrue(e.getMessage().contains("face nan"), e.getMessage());
      writer.add(face("good", new float[] {0, 1, 0, 0}));
      assertEquals(1, writer.finish());
      assertThrows(IllegalStateException.class, writer::finish);
      assertThrows(IllegalStateException.class, () -> writer.add(face("late", new float[] {0, 0, 1, 0})));
    }
  }

  /** A shard can receive no face (fewer faces than shards): it is still a valid, searchable index. */
  @Test
  void anEmptyShardIsAValidIndex() throws IOException {
    Path shard = dir.resolve("shard");
    try (ShardIndexWriter writer = new ShardIndexWriter(shard, new ShardSettings(VectorFormat.INT8, 16, 100, 4))) {
      assertEquals(0, writer.finish());
    }
    CommittedShard committed = CommittedShard.inspect(shard);
    assertEquals(0, committed.docs());
    assertEquals(List.of("segments_1"), committed.files());
    try (ShardSearcher searcher = new ShardSearcher(shard, 5)) {
      assertEquals(List.of(), searcher.search(new float[] {0, 1, 0, 0}, 10));
    }
  }

  @Test
  void anUnfinishedShardLeavesNoCommit() throws IOException {
    Path shard = dir.resolve("shard");
    try (ShardIndexWriter writer = new ShardIndexWriter(shard, new ShardSettings(VectorFormat.INT8, 16, 100, 4))) {
      writer.add(face("a", new float[] {0, 1, 0, 0}));
    }
    try (FSDirectory directory = FSDirectory.open(shard)) {
      assertTrue(!DirectoryReader.indexExists(directory), "closed without finish(): nothing committed");
    }
  }

  @Test
  void settingsAreValidated() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ShardSettings(VectorFormat.INT8, 1000, 100, 128));
    assertTrue(e.getMessage().contains("M=1000"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ShardSettings(VectorFormat.INT8, 16, 100, 4096));
    assertTrue(e.getMessage().contains("4096"), e.getMessage());
  }

  /** Quantized formats add a file of codes (.veq) of about dimension x bits / 8 bytes per face. */
  private static void assertQuantizedCodes(Path shard, VectorFormat format, int docs, int dimension) throws IOException {
    List<Path> codes;
    try (Stream<Path> files = Files.list(shard)) {
      codes = files.filter(p -> p.getFileName().toString().endsWith(".veq")).toList();
    }
    int bits = switch (format) {
      case FLOAT32 -> 0;
      case INT8 -> 8;
      case INT4 -> 4;
      case BINARY -> 1;
    };
    if (bits == 0) {
      assertEquals(List.of(), codes, "float32 has no quantized codes");
      return;
    }
    assertEquals(1, codes.size(), format + ": one file of quantized codes");
    long perFace = dimension * bits / 8;
    long size = Files.size(codes.get(0));
    assertTrue(size >= docs * perFace && size <= docs * (perFace + 32) + 1024, format + ": " + size + " bytes of codes");
  }

  static void assertClean(Path shard) throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (FSDirectory directory = FSDirectory.open(shard); CheckIndex check = new CheckIndex(directory)) {
      check.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8));
      CheckIndex.Status status = check.checkIndex();
      assertTrue(status.clean, () -> log.toString(StandardCharsets.UTF_8));
      assertEquals(1, status.numSegments);
    }
  }

  private static FaceDoc face(String id, float[] embedding) {
    return new FaceDoc(id, null, "file:/" + id + ".jpg", null, "run", new BoundingBox(0, 0, 10, 10), embedding);
  }

  private static float[] unit(int dimension, int axis) {
    float[] v = new float[dimension];
    v[axis] = 1;
    return v;
  }

  private static void add(ShardIndexWriter writer, FaceDoc face) {
    try {
      writer.add(face);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
