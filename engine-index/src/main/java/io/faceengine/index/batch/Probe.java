package io.faceengine.index.batch;

import static io.faceengine.spark.FacesSchema.EMBEDDING;
import static io.faceengine.spark.FacesSchema.FACE_ID;
import static io.faceengine.spark.FacesSchema.IMAGE_ID;
import static io.faceengine.spark.FacesSchema.IMAGE_URI;
import static io.faceengine.spark.FacesSchema.LABEL;

import io.faceengine.spark.FacesDataset;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A probe face: who it is (written beside its candidates) and its embedding.
 *
 * @param key the probe's face id and provenance
 * @param embedding its L2-normalised embedding
 */
record Probe(ProbeKey key, float[] embedding) implements Serializable {
  /**
   * The probe columns, selected in this order; {@link #of} reads them by position, and a sixth,
   * the quality reasons (array of strings), when the row has one.
   */
  static final List<String> COLUMNS = List.of(FACE_ID, IMAGE_ID, IMAGE_URI, LABEL, EMBEDDING);

  static Probe of(Row row) {
    String faceId = row.getString(0);
    if (faceId == null) {
      throw new IllegalArgumentException("a probe row of " + row.getString(2) + " has no face_id");
    }
    List<String> reasons = row.size() > COLUMNS.size() && !row.isNullAt(COLUMNS.size())
        ? row.getList(COLUMNS.size()) : List.of();
    return new Probe(new ProbeKey(faceId, row.getString(1), row.getString(2), row.getString(3), reasons),
        FacesDataset.embedding(row, 4, "probe " + faceId));
  }
}
