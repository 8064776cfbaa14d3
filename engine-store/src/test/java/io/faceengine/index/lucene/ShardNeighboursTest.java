package io.faceengine.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.VectorFormat;
import io.faceengine.index.Deletions;
import io.faceengine.index.FaceDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kNN graph's search: ids from doc values, the same faces and similarities as a full search, cut at a threshold. */
class ShardNeighboursTest {
  @TempDir Path dir;
  private final FaceLikeVectors people = new FaceLikeVectors(7, 40, 128);
  private List<FaceDoc> faces;
  private Path shard;

  @BeforeEach
  void build() throws IOException {
    faces = people.faces(5);
    shard = dir.resolve("shard");
    try (ShardIndexWriter writer = new ShardIndexWriter(shard, new ShardSettings(VectorFormat.INT8, 16, 100, 128))) {
      for (FaceDoc face : faces) {
        writer.add(face);
      }
      writer.finish();
    }
  }

  @Test
  void sameFacesAndSimilaritiesAsASearchOfStoredFields() throws IOException {
    try (ShardSearcher searcher = new ShardSearcher(shard, 10)) {
      for (int person = 0; person < 40; person += 7) {
        float[] probe = people.sample(person);
        List<ShardHit> hits = searcher.search(probe, 12);
        List<ShardNeighbour> neighbours = searcher.neighbours(probe, 12, -1f);
        assertEquals(hits.stream().map(ShardHit::faceId).toList(),
            neighbours.stream().map(ShardNeighbour::faceId).toList(), "person-" + person);
        assertEquals(hits.stream().map(ShardHit::similarity).toList(),
            neighbours.stream().map(ShardNeighbour::similarity).toList(), "person-" + person);
      }
    }
  }

  @Test
  void keepsOnlyNeighboursAtOrAboveTheThreshold() throws IOException {
    try (ShardSearcher searcher = new ShardSearcher(shard, 10)) {
      float[] probe = people.sample(3);
      List<ShardHit> hits = searcher.search(probe, 20);
      float cut = hits.get(4).similarity();
      List<ShardNeighbour> neighbours = searcher.neighbours(probe, 20, cut);
      long expected = hits.stream().filter(h -> h.similarity() >= cut).count();
      assertTrue(expected >= 5 && expected < 20, "the cut falls inside the list: " + expected);
      assertEquals(expected, neighbours.size());
      assertTrue(neighbours.stream().allMatch(n -> n.similarity() >= cut));
      assertTrue(searcher.neighbours(probe, 20, 1.01f).isEmpty(), "nothing reaches a similarity above 1");
    }
  }

  @Test
  void hiddenFacesAreNotNeighbours() throws IOException {
    try (ShardSearcher searcher = new ShardSearcher(shard, 10)) {
      FaceDoc deleted = faces.get(0); // person-0's first face
      assertTrue(ids(searcher.neighbours(people.sample(0), 5, -1f)).contains(deleted.faceId()));
      searcher.hide(new Deletions(List.of(deleted.faceId()), List.of(), List.of()));
      List<ShardNeighbour> after = searcher.neighbours(people.sample(0), 5, -1f);
      assertEquals(5, after.size());
      assertFalse(ids(after).contains(deleted.faceId()));
    }
  }

  @Test
  void refusesAProbeOfTheWrongDimension() throws IOException {
    try (ShardSearcher searcher = new ShardSearcher(shard, 10)) {
      assertThrows(IllegalArgumentException.class, () -> searcher.neighbours(new float[64], 5, 0f));
    }
  }

  private static List<String> ids(List<ShardNeighbour> neighbours) {
    return neighbours.stream().map(ShardNeighbour::faceId).toList();
  }
}
