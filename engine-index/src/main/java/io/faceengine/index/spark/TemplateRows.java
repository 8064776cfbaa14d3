package io.faceengine.index.spark;

import static io.faceengine.spark.FacesSchema.DET_SCORE;
import static io.faceengine.spark.FacesSchema.EMBEDDING;
import static io.faceengine.spark.FacesSchema.FACE_ID;
import static io.faceengine.spark.FacesSchema.IMAGE_ID;
import static io.faceengine.spark.FacesSchema.LABEL;
import static io.faceengine.spark.FacesSchema.QUALITY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.faceengine.core.person.PersonTemplate;
import io.faceengine.index.TemplateDoc;
import io.faceengine.spark.FacesDataset;
import java.io.Serializable;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The person templates of a faces dataset: one per label, the quality-weighted mean of its faces'
 * unit embeddings re-normalised ({@link PersonTemplate}), with the ids of its faces and images. A
 * face's weight comes from its {@code det_score} and {@code quality} (size, yaw, pitch); a dataset
 * without those columns (a hand-made one) weighs every face 1. Faces without a label have no template.
 */
public final class TemplateRows {
  private TemplateRows() {}

  /** Whether {@code faces} carries the quality columns the weights need; without them every face weighs 1. */
  public static boolean weighted(Dataset<Row> faces) {
    List<String> columns = List.of(faces.columns());
    return columns.contains(DET_SCORE) && columns.contains(QUALITY);
  }

  /**
   * The templates of the labelled faces of {@code faces}.
   *
   * @param dimension the embeddings' length
   */
  public static JavaRDD<TemplateDoc> of(Dataset<Row> faces, int dimension) {
    boolean weighted = weighted(faces);
    Column[] columns = {
        col(LABEL), col(FACE_ID), col(IMAGE_ID), col(EMBEDDING),
        weighted ? col(DET_SCORE) : lit(1f),
        weighted ? col(QUALITY + ".face_size") : lit((float) PersonTemplate.FULL_SIZE),
        weighted ? col(QUALITY + ".yaw") : lit(0f),
        weighted ? col(QUALITY + ".pitch") : lit(0f)};
    return faces.filter(col(LABEL).isNotNull()).select(columns).javaRDD()
        .mapToPair(row -> new Tuple2<>(row.getString(0), Sum.of(row, dimension)))
        .reduceByKey(Sum::merge)
        .map(label -> label._2().toDoc(label._1()));
  }

  /** A label's faces summed so far: Spark's reduce value. */
  static final class Sum implements Serializable {
    private final PersonTemplate template;
    private final TreeSet<String> faceIds = new TreeSet<>();
    private final TreeSet<String> imageIds = new TreeSet<>();

    private Sum(int dimension) {
      this.template = new PersonTemplate(dimension);
    }

    static Sum of(Row row, int dimension) {
      String faceId = row.getString(1);
      Sum sum = new Sum(dimension);
      float[] embedding = FacesDataset.embedding(row, 3, "face " + faceId);
      sum.template.add(embedding, PersonTemplate.weight(number(row, 4), number(row, 5), number(row, 6), number(row, 7)));
      sum.faceIds.add(faceId);
      if (!row.isNullAt(2)) {
        sum.imageIds.add(row.getString(2));
      }
      return sum;
    }

    private static double number(Row row, int field) {
      return row.isNullAt(field) ? Double.NaN : ((Number) row.get(field)).doubleValue();
    }

    Sum merge(Sum other) {
      template.merge(other.template);
      faceIds.addAll(other.faceIds);
      imageIds.addAll(other.imageIds);
      return this;
    }

    TemplateDoc toDoc(String label) {
      return new TemplateDoc(label, List.copyOf(faceIds), List.copyOf(imageIds), template.embedding());
    }
  }
}
