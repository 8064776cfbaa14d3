package io.faceengine.index.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.faceengine.index.Deletions;
import io.faceengine.spark.FacesSchema;
import java.util.List;
import org.apache.spark.sql.Column;

/** {@link Deletions} as a Spark condition on the faces dataset. */
public final class DeletionColumns {
  private DeletionColumns() {}

  /** True for the faces the deletions name (never null: a face without a label is simply not matched by label). */
  public static Column matches(Deletions deletions) {
    Column any = lit(false);
    any = any.or(isIn(FacesSchema.FACE_ID, deletions.faceIds()));
    any = any.or(isIn(FacesSchema.IMAGE_ID, deletions.imageIds()));
    any = any.or(isIn(FacesSchema.LABEL, deletions.labels()));
    return coalesce(any, lit(false));
  }

  private static Column isIn(String column, List<String> values) {
    return values.isEmpty() ? lit(false) : coalesce(col(column).isin(values.toArray()), lit(false));
  }
}
