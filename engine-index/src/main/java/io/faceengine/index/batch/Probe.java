package io.faceengine.index.batch;

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
  /** The probe columns, selected in this order; {@link #of} reads them by position. */
  static final List<String> COLUMNS = List.of("face_id", "image_id", "image_uri", "label", "embedding");

  static Probe of(Row row) {
    String faceId = row.getString(0);
    if (faceId == null) {
      throw new IllegalArgumentException("a probe row of " + row.getString(2) + " has no face_id");
    }
    if (row.isNullAt(4)) {
      throw new IllegalArgumentException("probe " + faceId + " has no embedding");
    }
    List<Float> values = row.getList(4);
    float[] embedding = new float[values.size()];
    for (int i = 0; i < embedding.length; i++) {
      Float value = values.get(i);
      if (value == null) {
        throw new IllegalArgumentException("probe " + faceId + " has a null in its embedding at " + i);
      }
      embedding[i] = value;
    }
    return new Probe(new ProbeKey(faceId, row.getString(1), row.getString(2), row.getString(3)), embedding);
  }
}
