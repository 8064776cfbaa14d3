package io.faceengine.index.spark;

import io.faceengine.core.detect.BoundingBox;
import io.faceengine.index.FaceDoc;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The columns of the faces dataset a shard needs, and their conversion to {@link FaceDoc}. */
public final class FaceRows {
  /** Selected in this order; {@link #toFaceDoc} reads them by position. */
  public static final List<String> COLUMNS = List.of("face_id", "image_id", "image_uri", "label", "run_id", "box", "embedding");

  private FaceRows() {}

  public static Column[] columns() {
    return COLUMNS.stream().map(functions::col).toArray(Column[]::new);
  }

  static FaceDoc toFaceDoc(Row row) {
    String faceId = row.getString(0);
    if (faceId == null) {
      throw new IllegalArgumentException("a face row of " + row.getString(2) + " has no face_id");
    }
    if (row.isNullAt(5) || row.isNullAt(6)) {
      throw new IllegalArgumentException("face " + faceId + " has no box or no embedding");
    }
    Row box = row.getStruct(5);
    List<Float> values = row.getList(6);
    float[] embedding = new float[values.size()];
    for (int i = 0; i < embedding.length; i++) {
      Float value = values.get(i);
      if (value == null) {
        throw new IllegalArgumentException("face " + faceId + " has a null in its embedding at " + i);
      }
      embedding[i] = value;
    }
    return new FaceDoc(faceId, row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        new BoundingBox(box.getFloat(0), box.getFloat(1), box.getFloat(2), box.getFloat(3)), embedding);
  }
}
