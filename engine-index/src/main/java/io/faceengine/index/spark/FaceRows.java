package io.faceengine.index.spark;

import static io.faceengine.spark.FacesSchema.BOX;
import static io.faceengine.spark.FacesSchema.EMBEDDING;
import static io.faceengine.spark.FacesSchema.FACE_ID;
import static io.faceengine.spark.FacesSchema.IMAGE_ID;
import static io.faceengine.spark.FacesSchema.IMAGE_URI;
import static io.faceengine.spark.FacesSchema.LABEL;
import static io.faceengine.spark.FacesSchema.RUN_ID;

import io.faceengine.core.detect.BoundingBox;
import io.faceengine.index.FaceDoc;
import io.faceengine.spark.FacesDataset;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/** The columns of the faces dataset a shard needs, and their conversion to {@link FaceDoc}. */
public final class FaceRows {
  /** Selected in this order; {@link #toFaceDoc} reads them by position. */
  public static final List<String> COLUMNS = List.of(FACE_ID, IMAGE_ID, IMAGE_URI, LABEL, RUN_ID, BOX, EMBEDDING);

  private FaceRows() {}

  public static Column[] columns() {
    return FacesDataset.columns(COLUMNS);
  }

  /** A row of {@link #columns()} as a shard's face. */
  public static FaceDoc toFaceDoc(Row row) {
    String faceId = row.getString(0);
    if (faceId == null) {
      throw new IllegalArgumentException("a face row of " + row.getString(2) + " has no face_id");
    }
    if (row.isNullAt(5)) {
      throw new IllegalArgumentException("face " + faceId + " has no box");
    }
    Row box = row.getStruct(5);
    float[] embedding = FacesDataset.embedding(row, 6, "face " + faceId);
    return new FaceDoc(faceId, row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        new BoundingBox(box.getFloat(0), box.getFloat(1), box.getFloat(2), box.getFloat(3)), embedding);
  }
}
