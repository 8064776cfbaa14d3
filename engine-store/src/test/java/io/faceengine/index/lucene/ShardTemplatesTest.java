package io.faceengine.index.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.person.PersonTemplate;
import io.faceengine.index.Deletions;
import io.faceengine.index.FaceDoc;
import io.faceengine.index.TemplateDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Person templates in a real Lucene shard: searched apart from the faces, counted apart, hidden with their faces. */
class ShardTemplatesTest {
  private static final int DIMENSION = 128;
  private static final int PEOPLE = 30;
  private static final int FACES_EACH = 4;

  @TempDir Path dir;

  /** The faces of 30 persons and each person's template (faces of even persons' images only, as if in other shards). */
  private Path shardWithTemplates(List<FaceDoc> faces, List<TemplateDoc> templates) throws IOException {
    Path shard = dir.resolve("shard");
    try (ShardIndexWriter writer = new ShardIndexWriter(shard, new ShardSettings(VectorFormat.INT8, 16, 100, DIMENSION))) {
      for (FaceDoc face : faces) {
        writer.add(face);
      }
      for (TemplateDoc template : templates) {
        writer.add(template);
      }
      assertEquals(faces.size(), writer.finish(), "finish counts faces only");
    }
    return shard;
  }

  private static List<TemplateDoc> templatesOf(List<FaceDoc> faces) {
    List<TemplateDoc> templates = new ArrayList<>();
    for (int person = 0; person < PEOPLE; person++) {
      String label = "person-" + person;
      List<FaceDoc> own = faces.stream().filter(f -> f.label().equals(label)).toList();
      PersonTemplate sum = new PersonTemplate(DIMENSION);
      own.forEach(f -> sum.add(f.embedding(), 1));
      templates.add(new TemplateDoc(label, own.stream().map(FaceDoc::faceId).toList(),
          own.stream().map(FaceDoc::imageId).toList(), sum.embedding()));
    }
    return templates;
  }

  @Test
  void templatesAreSearchedApartAndFindTheirPersonFirst() throws IOException {
    List<FaceDoc> faces = new FaceLikeVectors(7, PEOPLE, DIMENSION).faces(FACES_EACH);
    List<TemplateDoc> templates = templatesOf(faces);
    Path shard = shardWithTemplates(faces, templates);
    assertEquals(new CommittedShard(faces.size(), CommittedShard.inspect(shard).files(), PEOPLE),
        CommittedShard.inspect(shard));
    try (ShardSearcher searcher = new ShardSearcher(shard, 5)) {
      assertEquals(faces.size(), searcher.docs(), "faces only");
      assertEquals(PEOPLE, searcher.templates());
      for (FaceDoc face : faces) {
        List<TemplateMatch> nearest = searcher.searchTemplates(face.embedding(), 3, null);
        assertEquals(face.label(), nearest.get(0).label(), "the template of " + face.faceId() + "'s person first");
        assertEquals(FACES_EACH, nearest.get(0).faces());
        String other = "person-" + ((Integer.parseInt(face.label().substring(7)) + 1) % PEOPLE);
        assertEquals(searcher.search(face.embedding(), 1, ShardSchema.labelFilter(other)).get(0).faceId(),
            searcher.nearestOfLabel(other, face.embedding()).orElseThrow().hit().faceId(),
            "the exact nearest face of a label is the label-filtered search's first");
        List<ShardHit> hits = searcher.search(face.embedding(), faces.size());
        assertTrue(hits.stream().noneMatch(h -> TemplateDoc.isTemplateId(h.faceId())), "face searches meet no template");
      }
      TemplateDoc first = templates.get(0);
      TemplateMatch found = searcher.template(first.label(), faces.get(0).embedding()).orElseThrow();
      assertArrayEquals(first.embedding(), found.embedding(), 0f);
      assertEquals(List.of(), searcher.searchTemplates(faces.get(0).embedding(), 5, ShardSchema.labelFilter("nobody")));
      assertEquals(Optional.empty(), searcher.face(first.id()), "a template is not a face");
      assertEquals(Optional.empty(), searcher.nearestOfLabel("nobody", faces.get(0).embedding()));
    }
  }

  /** A hidden face (by id, image or label) hides its person's template, whichever shard holds the face. */
  @Test
  void hidingAFaceHidesItsTemplate() throws IOException {
    List<FaceDoc> faces = new FaceLikeVectors(8, PEOPLE, DIMENSION).faces(FACES_EACH);
    List<TemplateDoc> templates = templatesOf(faces);
    // The shard holds every template but only the faces of persons 1..29: person 0's faces are "elsewhere".
    Path shard = shardWithTemplates(faces.stream().filter(f -> !f.label().equals("person-0")).toList(), templates);
    FaceDoc elsewhere = faces.get(0);
    FaceDoc here = faces.get(FACES_EACH); // person-1's first face
    try (ShardSearcher searcher = new ShardSearcher(shard, 5)) {
      assertEquals(0, searcher.hide(new Deletions(List.of(elsewhere.faceId()), List.of(), List.of())),
          "no face of this shard hidden");
      assertEquals(Optional.empty(), searcher.template("person-0", elsewhere.embedding()));
      assertTrue(searcher.searchTemplates(elsewhere.embedding(), PEOPLE, null).stream()
          .noneMatch(t -> t.label().equals("person-0")));

      assertEquals(0, searcher.hide(new Deletions(List.of(), List.of(elsewhere.imageId()), List.of())));
      assertEquals(Optional.empty(), searcher.template("person-0", elsewhere.embedding()), "hidden by its image");

      assertEquals(FACES_EACH, searcher.hide(new Deletions(List.of(), List.of(), List.of("person-1"))));
      assertEquals(Optional.empty(), searcher.template("person-1", here.embedding()), "hidden by its label");
      assertEquals(Optional.empty(), searcher.nearestOfLabel("person-1", here.embedding()));
      assertTrue(searcher.template("person-0", elsewhere.embedding()).isPresent());

      searcher.hide(Deletions.NONE);
      assertEquals(PEOPLE, searcher.searchTemplates(here.embedding(), PEOPLE, null).size());
    }
  }
}
