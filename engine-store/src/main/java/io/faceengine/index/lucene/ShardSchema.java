package io.faceengine.index.lucene;

import io.faceengine.core.detect.BoundingBox;
import io.faceengine.index.FaceDoc;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.Query;

/**
 * How a face is laid out in a shard's Lucene documents, version {@value #VERSION}.
 *
 * <ul>
 *   <li>{@value #EMBEDDING}: the embedding, an HNSW vector field compared by dot product (the
 *       embeddings are L2-normalised, so this ranks like the model's Euclidean or cosine distance);
 *   <li>{@value #FACE_ID}, {@value #LABEL}, {@value #RUN_ID}: stored keywords, indexed as terms and
 *       sorted-set doc values, for fetching, deleting and filtering a search by label or run;
 *   <li>{@value #IMAGE_ID}, {@value #IMAGE_URI}, {@value #BOX} (x, y, width, height): stored only.
 * </ul>
 */
public final class ShardSchema {
  public static final int VERSION = 1;

  public static final String EMBEDDING = "embedding";
  public static final String FACE_ID = "face_id";
  public static final String IMAGE_ID = "image_id";
  public static final String IMAGE_URI = "image_uri";
  public static final String LABEL = "label";
  public static final String RUN_ID = "run_id";
  public static final String BOX = "box";

  /** The similarity of the vector field; the manifest records it. */
  public static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  /** The stored fields a search result reads. */
  static final Set<String> STORED = Set.of(FACE_ID, IMAGE_ID, IMAGE_URI, LABEL, RUN_ID, BOX);
  static final Set<String> FACE_ID_ONLY = Set.of(FACE_ID);

  private ShardSchema() {}

  /** A filter for searches: only faces with this label. */
  public static Query labelFilter(String label) {
    return KeywordField.newExactQuery(LABEL, label);
  }

  /** A filter for searches: only faces of this ingest run. */
  public static Query runFilter(String runId) {
    return KeywordField.newExactQuery(RUN_ID, runId);
  }

  static Document toDocument(FaceDoc face) {
    Document doc = new Document();
    doc.add(new KnnFloatVectorField(EMBEDDING, face.embedding(), SIMILARITY));
    doc.add(new KeywordField(FACE_ID, face.faceId(), Field.Store.YES));
    doc.add(new KeywordField(RUN_ID, face.runId(), Field.Store.YES));
    if (face.label() != null) {
      doc.add(new KeywordField(LABEL, face.label(), Field.Store.YES));
    }
    if (face.imageId() != null) {
      doc.add(new StoredField(IMAGE_ID, face.imageId()));
    }
    doc.add(new StoredField(IMAGE_URI, face.imageUri()));
    BoundingBox box = face.box();
    for (float value : new float[] {box.x(), box.y(), box.width(), box.height()}) {
      doc.add(new StoredField(BOX, value)); // multi-valued: stored fields keep their order
    }
    return doc;
  }

  static ShardHit toHit(Document doc, float similarity) {
    IndexableField[] box = doc.getFields(BOX);
    if (box.length != 4) {
      throw new IllegalStateException("face " + doc.get(FACE_ID) + " has " + box.length + " box values, not 4");
    }
    return new ShardHit(doc.get(FACE_ID), doc.get(IMAGE_ID), doc.get(IMAGE_URI), doc.get(LABEL), doc.get(RUN_ID),
        new BoundingBox(box[0].numericValue().floatValue(), box[1].numericValue().floatValue(),
            box[2].numericValue().floatValue(), box[3].numericValue().floatValue()),
        similarity);
  }
}
