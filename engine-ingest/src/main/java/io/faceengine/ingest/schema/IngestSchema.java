package io.faceengine.ingest.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The ingest job's output schema, version {@value #VERSION}; docs/ingest.md documents every column.
 *
 * <p>{@code images}: one row per input image with its outcome. {@code faces}: one row per face.
 * Both are partitioned by {@code run_id} and {@code batch} (the unit committed atomically).
 */
public final class IngestSchema {
  public static final int VERSION = 2;

  public static final String FACES = "faces";
  public static final String IMAGES = "images";
  public static final String RUN_ID = "run_id";
  public static final String BATCH = "batch";

  /** Outcomes of an image. */
  public static final String OUTCOME_FACES = "faces";
  public static final String OUTCOME_NO_FACE = "no_face";
  public static final String OUTCOME_ERROR = "error";

  public static final StructType BOX = createStructType(List.of(
      createStructField("x", FloatType, false),
      createStructField("y", FloatType, false),
      createStructField("width", FloatType, false),
      createStructField("height", FloatType, false)));

  public static final StructType QUALITY = createStructType(List.of(
      createStructField("face_size", FloatType, false),
      createStructField("inter_eye_distance", FloatType, false),
      createStructField("sharpness", FloatType, false),
      createStructField("yaw", FloatType, false),
      createStructField("pitch", FloatType, false),
      createStructField("roll", FloatType, false)));

  /** One face, as produced per image before it is flattened into the faces dataset. */
  public static final StructType FACE = createStructType(List.of(
      createStructField("face_id", StringType, false),
      createStructField("face_index", IntegerType, false),
      createStructField("subject", BooleanType, false),
      createStructField("box", BOX, false),
      createStructField("landmarks", createArrayType(FloatType, false), false),
      createStructField("det_score", FloatType, false),
      createStructField("quality", QUALITY, false),
      createStructField("embedding", createArrayType(FloatType, false), false)));

  /** Columns every image row and every face row carry. */
  private static final List<StructField> PROVENANCE = List.of(
      createStructField("image_id", StringType, true),
      createStructField("image_uri", StringType, false),
      createStructField("label", StringType, true));

  private static final List<StructField> MODELS_AND_TIME = List.of(
      createStructField("model_id", StringType, false),
      createStructField("detector_id", StringType, false),
      createStructField("ingest_time", TimestampType, false));

  /** An image's outcome and its faces: what the extraction step produces, one row per image. */
  public static final StructType EXTRACTED = createStructType(concat(PROVENANCE, List.of(
      createStructField("outcome", StringType, false),
      createStructField("face_count", IntegerType, false),
      createStructField("width", IntegerType, true),
      createStructField("height", IntegerType, true),
      createStructField("size_bytes", LongType, true),
      createStructField("error_class", StringType, true),
      createStructField("error_message", StringType, true),
      createStructField("faces", createArrayType(FACE, false), false)), MODELS_AND_TIME));

  /** The hashing step's output: which bytes each URI holds, or why they could not be read. */
  public static final StructType HASHED = createStructType(List.of(
      createStructField("image_uri", StringType, false),
      createStructField("image_id", StringType, true),
      createStructField("size_bytes", LongType, true),
      createStructField("read_error", StringType, true)));

  private IngestSchema() {}

  @SafeVarargs
  private static StructField[] concat(List<StructField>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(StructField[]::new);
  }
}
