package io.faceengine.index.lucene;

import io.faceengine.core.detect.BoundingBox;
import io.faceengine.index.FaceDoc;
import io.faceengine.index.TemplateDoc;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

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
 *
 * <p>A person template ({@link TemplateDoc}) is a document of its own: its vector in the separate
 * HNSW field {@value #TEMPLATE_EMBEDDING} (so face searches never meet it and template searches meet
 * nothing else), {@value #FACE_ID} holding {@link TemplateDoc#idOf} its label, {@value #LABEL},
 * {@value #KIND} = {@value #TEMPLATE_KIND} (a stored keyword), {@value #TEMPLATE_FACES} (stored: how many
 * faces it averages), and {@value #TEMPLATE_FACE_IDS} and {@value #TEMPLATE_IMAGE_IDS} (keywords, not
 * stored: which faces and images, for hiding a template whose faces were deleted).
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
  public static final String TEMPLATE_EMBEDDING = "template_embedding";
  public static final String KIND = "kind";
  public static final String TEMPLATE_KIND = "template";
  public static final String TEMPLATE_FACES = "template_faces";
  public static final String TEMPLATE_FACE_IDS = "template_face_ids";
  public static final String TEMPLATE_IMAGE_IDS = "template_image_ids";

  /** The similarity of the vector field; the manifest records it. */
  public static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  /** The stored fields a search result reads. */
  static final Set<String> STORED = Set.of(FACE_ID, IMAGE_ID, IMAGE_URI, LABEL, RUN_ID, BOX);
  static final Set<String> FACE_ID_ONLY = Set.of(FACE_ID);
  static final Set<String> TEMPLATE_STORED = Set.of(LABEL, TEMPLATE_FACES);

  private ShardSchema() {}

  /** A filter for searches: only faces with this label. */
  public static Query labelFilter(String label) {
    return KeywordField.newExactQuery(LABEL, label);
  }

  /** A filter for searches: only faces of this ingest run. */
  public static Query runFilter(String runId) {
    return KeywordField.newExactQuery(RUN_ID, runId);
  }

  /** Every template of a shard. */
  static Query templates() {
    return new TermQuery(new Term(KIND, TEMPLATE_KIND));
  }

  static Document toDocument(TemplateDoc template) {
    Document doc = new Document();
    doc.add(new KnnFloatVectorField(TEMPLATE_EMBEDDING, template.embedding(), SIMILARITY));
    doc.add(new KeywordField(FACE_ID, template.id(), Field.Store.YES));
    doc.add(new KeywordField(LABEL, template.label(), Field.Store.YES));
    doc.add(new KeywordField(KIND, TEMPLATE_KIND, Field.Store.YES));
    doc.add(new StoredField(TEMPLATE_FACES, template.faces()));
    for (String faceId : template.faceIds()) {
      doc.add(new KeywordField(TEMPLATE_FACE_IDS, faceId, Field.Store.NO));
    }
    for (String imageId : template.imageIds()) {
      doc.add(new KeywordField(TEMPLATE_IMAGE_IDS, imageId, Field.Store.NO));
    }
    return doc;
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

  static TemplateMatch toTemplate(Document doc, float similarity, float[] embedding) {
    return new TemplateMatch(doc.get(LABEL), doc.getField(TEMPLATE_FACES).numericValue().intValue(), similarity,
        embedding);
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
