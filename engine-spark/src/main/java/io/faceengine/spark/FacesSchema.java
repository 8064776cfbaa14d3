package io.faceengine.spark;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of the ingest job's output, version {@value #VERSION}, above all of the faces dataset:
 * the ingest job writes it; the index jobs, search-batch and the evaluation read it (through
 * {@link FacesDataset}); docs/ingest.md documents every column. Code names columns by the constants
 * below, never by restating them.
 *
 * <p>{@code images}: one row per input image with its outcome. {@code faces}: one row per face.
 * Both are partitioned by {@code run_id} and {@code batch} (the unit committed atomically).
 */
public final class FacesSchema {
  public static final int VERSION = 3;

  public static final String FACES = "faces";
  public static final String IMAGES = "images";
  public static final String RUN_ID = "run_id";
  /** How the run ids of synthetic faces begin ({@code bench gallery}'s): people no real image shows. */
  public static final String SYNTHETIC_RUN_PREFIX = "synthetic-";
  public static final String BATCH = "batch";

  /** Columns of a face row (the {@link #FACE_TYPE} fields, then its image's provenance and models). */
  public static final String FACE_ID = "face_id";
  public static final String FACE_INDEX = "face_index";
  public static final String SUBJECT = "subject";
  public static final String BOX = "box";
  public static final String LANDMARKS = "landmarks";
  public static final String DET_SCORE = "det_score";
  public static final String QUALITY = "quality";
  /** Schema 3: whether the face passed the quality gate at ingest; older datasets lack it (see {@link FacesDataset#qualityOk}). */
  public static final String QUALITY_OK = "quality_ok";
  /** Schema 3: the gate's limits the face broke ({@code QualityIssue} codes), empty when {@link #QUALITY_OK}. */
  public static final String QUALITY_REASONS = "quality_reasons";
  public static final String EMBEDDING = "embedding";
  public static final String IMAGE_ID = "image_id";
  public static final String IMAGE_URI = "image_uri";
  public static final String LABEL = "label";
  public static final String MODEL_ID = "model_id";
  public static final String DETECTOR_ID = "detector_id";
  public static final String INGEST_TIME = "ingest_time";

  /** Outcomes of an image. */
  public static final String OUTCOME_FACES = "faces";
  public static final String OUTCOME_NO_FACE = "no_face";
  public static final String OUTCOME_ERROR = "error";
  /**
   * An image whose faces {@code bin/engine erase} removed: its row stays, without label or path (its
   * {@code image_uri} is {@code erased:<image_id>}), so that ingest does not take it in again.
   */
  public static final String OUTCOME_ERASED = "erased";

  public static final StructType BOX_TYPE = createStructType(List.of(
      createStructField("x", FloatType, false),
      createStructField("y", FloatType, false),
      createStructField("width", FloatType, false),
      createStructField("height", FloatType, false)));

  public static final StructType QUALITY_TYPE = createStructType(List.of(
      createStructField("face_size", FloatType, false),
      createStructField("inter_eye_distance", FloatType, false),
      createStructField("sharpness", FloatType, false),
      createStructField("yaw", FloatType, false),
      createStructField("pitch", FloatType, false),
      createStructField("roll", FloatType, false)));

  /** One face, as produced per image before it is flattened into the faces dataset. */
  public static final StructType FACE_TYPE = createStructType(List.of(
      createStructField(FACE_ID, StringType, false),
      createStructField(FACE_INDEX, IntegerType, false),
      createStructField(SUBJECT, BooleanType, false),
      createStructField(BOX, BOX_TYPE, false),
      createStructField(LANDMARKS, createArrayType(FloatType, false), false),
      createStructField(DET_SCORE, FloatType, false),
      createStructField(QUALITY, QUALITY_TYPE, false),
      createStructField(QUALITY_OK, BooleanType, false),
      createStructField(QUALITY_REASONS, createArrayType(StringType, false), false),
      createStructField(EMBEDDING, createArrayType(FloatType, false), false)));

  /** Columns every image row and every face row carry. */
  private static final List<StructField> PROVENANCE = List.of(
      createStructField(IMAGE_ID, StringType, true),
      createStructField(IMAGE_URI, StringType, false),
      createStructField(LABEL, StringType, true));

  private static final List<StructField> MODELS_AND_TIME = List.of(
      createStructField(MODEL_ID, StringType, false),
      createStructField(DETECTOR_ID, StringType, false),
      createStructField(INGEST_TIME, TimestampType, false));

  /** An image's outcome and its faces: what the extraction step produces, one row per image. */
  public static final StructType EXTRACTED = createStructType(concat(PROVENANCE, List.of(
      createStructField("outcome", StringType, false),
      createStructField("face_count", IntegerType, false),
      createStructField("width", IntegerType, true),
      createStructField("height", IntegerType, true),
      createStructField("size_bytes", LongType, true),
      createStructField("error_class", StringType, true),
      createStructField("error_message", StringType, true),
      createStructField(FACES, createArrayType(FACE_TYPE, false), false)), MODELS_AND_TIME));

  /**
   * One face row of the faces dataset as written (without the {@code run_id} and {@code batch}
   * partition columns): the face's fields, then its image's provenance and models.
   */
  public static final StructType FACE_ROW = createStructType(concat(List.of(FACE_TYPE.fields()), PROVENANCE,
      MODELS_AND_TIME));

  /** The hashing step's output: which bytes each URI holds, or why they could not be read. */
  public static final StructType HASHED = createStructType(List.of(
      createStructField(IMAGE_URI, StringType, false),
      createStructField(IMAGE_ID, StringType, true),
      createStructField("size_bytes", LongType, true),
      createStructField("read_error", StringType, true)));

  private FacesSchema() {}

  /**
   * The fields of a face row named {@code columns}, in that order; {@link #RUN_ID} is the partition
   * column. For tests and generators that write a faces dataset with only some columns.
   */
  public static StructType faceRow(String... columns) {
    List<StructField> fields = new ArrayList<>();
    for (String column : columns) {
      fields.add(RUN_ID.equals(column) ? createStructField(RUN_ID, StringType, false) : FACE_ROW.apply(column));
    }
    return createStructType(fields);
  }

  @SafeVarargs
  private static StructField[] concat(List<StructField>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(StructField[]::new);
  }
}
