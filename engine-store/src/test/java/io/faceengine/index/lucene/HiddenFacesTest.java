package io.faceengine.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.VectorFormat;
import io.faceengine.index.Deletions;
import io.faceengine.index.FaceDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shard's hidden faces (deletions its generation does not reflect) never come out of a search or lookup. */
class HiddenFacesTest {
  @TempDir Path dir;

  @Test
  void hiddenFacesAreNeverReturnedByAnyKey() throws IOException {
    FaceLikeVectors people = new FaceLikeVectors(11, 30, 128);
    List<FaceDoc> faces = people.faces(4);
    Path shard = dir.resolve("shard");
    try (ShardIndexWriter writer = new ShardIndexWriter(shard, new ShardSettings(VectorFormat.INT8, 16, 100, 128))) {
      for (FaceDoc face : faces) {
        writer.add(face);
      }
      writer.finish();
    }
    FaceDoc byId = faces.get(0); // person-0's first face
    FaceDoc byImage = faces.get(1); // person-0's second face, deleted through its image
    try (ShardSearcher searcher = new ShardSearcher(shard, 10)) {
      float[] person0 = people.sample(0);
      float[] person1 = people.sample(1);
      assertTrue(ids(searcher.search(person0, 4)).contains(byId.faceId()), "visible before");
      assertTrue(labels(searcher.search(person1, 4)).contains("person-1"));

      int hidden = searcher.hide(new Deletions(List.of(byId.faceId()), List.of(byImage.imageId()),
          List.of("person-1")));
      assertEquals(2 + 4, hidden, "two faces of person-0 and the four of person-1");
      List<ShardHit> hits = searcher.search(person0, 20);
      assertEquals(20, hits.size(), "k visible faces still come back");
      assertFalse(ids(hits).contains(byId.faceId()));
      assertFalse(ids(hits).contains(byImage.faceId()));
      assertEquals(2, hits.stream().filter(h -> "person-0".equals(h.label())).count(), "person-0's other two faces");
      assertFalse(labels(searcher.search(person1, 50)).contains("person-1"));
      assertTrue(searcher.search(person1, 5, ShardSchema.labelFilter("person-1")).isEmpty(),
          "a label filter cannot reach hidden faces either");
      assertTrue(searcher.face(byId.faceId()).isEmpty());
      assertTrue(searcher.face(faces.get(4).faceId()).isEmpty(), "person-1's faces by id");
      assertTrue(searcher.face(faces.get(2).faceId()).isPresent());

      assertEquals(0, searcher.hide(Deletions.NONE));
      assertTrue(ids(searcher.search(person0, 4)).contains(byId.faceId()), "shown again");
    }
  }

  private static List<String> ids(List<ShardHit> hits) {
    return hits.stream().map(ShardHit::faceId).toList();
  }

  private static List<String> labels(List<ShardHit> hits) {
    return hits.stream().map(ShardHit::label).toList();
  }
}
