package io.faceengine.index.lucene;

import io.faceengine.index.Deletions;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;

/**
 * Faces a shard must not return although its files hold them: deletions recorded after its
 * generation was built (served again by a rollback with {@code --allow-deleted-faces}). Deletions by
 * image id are resolved to face ids when the shard is opened, since image ids are stored, not indexed.
 * A person template averaging a hidden face (by its face id, its image, or its label) is hidden too,
 * until an update rebuilds it: a template lists the ids of its faces and images, so its shard can
 * tell without the shards holding those faces. The exclusion query is built once, here, not on every
 * search.
 */
final class HiddenFaces {
  static final HiddenFaces NONE = new HiddenFaces(Set.of(), Set.of());

  /** Hidden faces' ids, those of hidden images included. */
  private final Set<String> faceIds;
  private final Set<String> labels;
  /** Hidden images: only templates are hidden by them here (faces by the ids resolved from them). */
  private final Set<String> imageIds;
  /** Matches every hidden face; null when none is hidden. */
  private final Query hiddenQuery;

  private HiddenFaces(Set<String> faceIds, Set<String> labels) {
    this(faceIds, Set.of(), labels);
  }

  private HiddenFaces(Set<String> faceIds, Set<String> imageIds, Set<String> labels) {
    this.faceIds = Set.copyOf(faceIds);
    this.labels = Set.copyOf(labels);
    this.imageIds = Set.copyOf(imageIds);
    BooleanQuery.Builder hidden = new BooleanQuery.Builder();
    if (!faceIds.isEmpty()) {
      hidden.add(KeywordField.newSetQuery(ShardSchema.FACE_ID, bytes(faceIds)), Occur.SHOULD);
      hidden.add(KeywordField.newSetQuery(ShardSchema.TEMPLATE_FACE_IDS, bytes(faceIds)), Occur.SHOULD);
    }
    if (!imageIds.isEmpty()) {
      hidden.add(KeywordField.newSetQuery(ShardSchema.TEMPLATE_IMAGE_IDS, bytes(imageIds)), Occur.SHOULD);
    }
    if (!labels.isEmpty()) {
      hidden.add(KeywordField.newSetQuery(ShardSchema.LABEL, bytes(labels)), Occur.SHOULD);
    }
    this.hiddenQuery = isEmpty() ? null : hidden.build();
  }

  /** The faces of {@code searcher}'s shard that {@code deletions} name. */
  static HiddenFaces resolve(Deletions deletions, IndexSearcher searcher) throws IOException {
    if (deletions.isEmpty()) {
      return NONE;
    }
    Set<String> faceIds = new TreeSet<>(deletions.faceIds());
    if (!deletions.imageIds().isEmpty()) {
      Set<String> images = Set.copyOf(deletions.imageIds());
      StoredFields stored = searcher.storedFields();
      Set<String> fields = Set.of(ShardSchema.FACE_ID, ShardSchema.IMAGE_ID);
      for (int doc = 0; doc < searcher.getIndexReader().maxDoc(); doc++) {
        Document face = stored.document(doc, fields);
        String imageId = face.get(ShardSchema.IMAGE_ID); // null for a face ingested without one
        if (imageId != null && images.contains(imageId)) {
          faceIds.add(face.get(ShardSchema.FACE_ID));
        }
      }
    }
    return new HiddenFaces(faceIds, Set.copyOf(deletions.imageIds()), Set.copyOf(deletions.labels()));
  }

  boolean isEmpty() {
    return faceIds.isEmpty() && labels.isEmpty() && imageIds.isEmpty();
  }

  boolean hides(ShardHit hit) {
    return faceIds.contains(hit.faceId()) || (hit.label() != null && labels.contains(hit.label()));
  }

  /** {@code filter} (null: every face) without the hidden faces; {@code filter} itself when none are hidden. */
  Query restrict(Query filter) {
    if (hiddenQuery == null) {
      return filter;
    }
    return new BooleanQuery.Builder()
        .add(filter != null ? filter : new MatchAllDocsQuery(), Occur.FILTER)
        .add(hiddenQuery, Occur.MUST_NOT)
        .build();
  }

  private static List<BytesRef> bytes(Set<String> values) {
    return values.stream().map(BytesRef::new).toList();
  }
}
