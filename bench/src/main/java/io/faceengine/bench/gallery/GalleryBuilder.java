package io.faceengine.bench.gallery;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Writes a benchmark gallery: every real face of a faces dataset plus synthetic faces up to a
 * size, in the faces dataset's own schema and partitioning ({@code OUTPUT/faces/run_id=/batch=}),
 * so the index build reads it as it reads an ingest output. The synthetic identities come from a
 * {@link FaceSpaceModel} fitted on the real faces of single-face images (a face beside others may be
 * a bystander, and ingest outputs before schema 2 gave bystanders the image's label), with identity
 * sizes drawn from the real images per label.
 */
public final class GalleryBuilder {
  /** Faces per Spark task and per written batch. */
  static final int FACES_PER_BLOCK = 20_000;
  /** Pairs sampled for each distance profile. */
  static final int PROFILE_PAIRS = 20_000;

  private final SparkSession spark;
  private final PrintStream console;

  public GalleryBuilder(SparkSession spark, PrintStream console) {
    this.spark = spark;
    this.console = console;
  }

  /** What was written, and how the synthetic faces compare with the real ones. */
  public record Result(long realFaces, long syntheticFaces, long syntheticIdentities, DistanceProfile real,
      DistanceProfile synthetic, FaceSpaceModel model) {}

  /** The model's same-person threshold as the Euclidean distance of unit vectors, the unit of the gallery's profiles. */
  public static double euclideanThreshold(ModelSpec model) {
    return DistanceMetric.EUCLIDEAN.distanceAt(model.metric().similarity(model.threshold()));
  }

  /**
   * @param faces the real faces: a faces dataset or an ingest output directory holding one in {@code faces/}
   * @param size the gallery's faces, real ones included
   * @param models the manifest holding the faces' model: its same-person threshold gives the profiles' shares
   */
  public Result build(String faces, long size, String output, long seed, ModelManifest models) throws IOException {
    Dataset<Row> real = withQualityVerdicts(FacesDataset.open(spark, faces, List.of()).faces());
    RealFaces realFaces = RealFaces.collect(real, faces);
    // The faces' own model, not the configured embedder: a gallery of dlib faces is judged by dlib's threshold.
    double threshold = euclideanThreshold(models.model(realFaces.provenance().modelId()));
    if (size < realFaces.count()) {
      throw new IllegalArgumentException("--size " + size + " is below the " + realFaces.count() + " real faces of "
          + faces);
    }
    Path target = new Path(output, FacesSchema.FACES);
    FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs.exists(target)) {
      throw new IllegalArgumentException(target + " already exists: choose a new --output");
    }
    List<float[][]> calibration = FaceSpaceModel.groupByLabel(realFaces.calibrationLabels(),
        realFaces.calibrationEmbeddings());
    DistanceProfile realProfile = DistanceProfile.of(calibration, PROFILE_PAIRS, threshold, seed);
    FaceSpaceModel model = FaceSpaceModel.fit(calibration, realFaces.imagesPerLabel(), realProfile);
    console.printf(Locale.ROOT, "real faces: %d of %d labels; calibration on the %d faces of single-face images"
        + " (%d identities, %d with 2+ faces)%n", realFaces.count(), realFaces.imagesPerLabel().length,
        realFaces.calibrationLabels().size(), calibration.size(),
        calibration.stream().filter(f -> f.length >= 2).count());
    console.printf(Locale.ROOT, "model: identity centres and face spread from LFW's covariances, scales fitted:"
        + " centre x%.3f, face x%.3f%n", model.centreScale(), model.faceScale());

    SyntheticFaces generator = new SyntheticFaces(model, seed, real.schema(), realFaces.provenance());
    List<SyntheticFaces.Block> blocks = generator.plan(size - realFaces.count(), FACES_PER_BLOCK);
    DistanceProfile syntheticProfile = DistanceProfile.of(sampleIdentities(generator, blocks), PROFILE_PAIRS,
        threshold, seed);
    console.printf(Locale.ROOT, "distances (Euclidean; p5 / median / p95), the model's threshold %.4f:%n", threshold);
    console.println("  real:      " + realProfile.describe());
    console.println("  synthetic: " + syntheticProfile.describe());

    long identities = blocks.stream().mapToLong(b -> b.faceCounts().length).sum();
    if (!blocks.isEmpty()) {
      Dataset<Row> synthetic = spark.createDataFrame(
          JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(blocks, blocks.size())
              .flatMap(generator::rows), real.schema());
      ParquetEncryption.write(real.unionByName(synthetic)).partitionBy(FacesSchema.RUN_ID, FacesSchema.BATCH)
          .parquet(target.toString());
    } else {
      ParquetEncryption.write(real).partitionBy(FacesSchema.RUN_ID, FacesSchema.BATCH).parquet(target.toString());
    }
    long written = spark.read().parquet(target.toString()).count();
    if (written != size) {
      throw new IllegalStateException(target + " holds " + written + " faces, expected " + size);
    }
    return new Result(realFaces.count(), size - realFaces.count(), identities, realProfile, syntheticProfile, model);
  }

  /** Identities of the first blocks (what is written), enough for the profile. */
  /**
   * Faces ingested before schema 3 hold quality measurements but no verdict, so readers judge them
   * from the measurements; the synthetic faces' measurements are placeholders that would fail. The
   * verdict columns are added (null: the real faces are still judged from their measurements), and
   * the synthetic faces carry theirs (they pass).
   */
  static Dataset<Row> withQualityVerdicts(Dataset<Row> faces) {
    if (List.of(faces.columns()).contains(FacesSchema.QUALITY_OK)) {
      return faces;
    }
    return faces.withColumn(FacesSchema.QUALITY_OK, functions.lit(null).cast(DataTypes.BooleanType))
        .withColumn(FacesSchema.QUALITY_REASONS,
            functions.lit(null).cast(DataTypes.createArrayType(DataTypes.StringType, false)));
  }

  private static List<float[][]> sampleIdentities(SyntheticFaces generator, List<SyntheticFaces.Block> blocks) {
    List<float[][]> identities = new ArrayList<>();
    long faces = 0;
    for (SyntheticFaces.Block block : blocks) {
      if (faces >= FACES_PER_BLOCK) {
        break;
      }
      identities.addAll(generator.identities(block));
      faces += block.faces();
    }
    return identities;
  }

  /** The real faces' labels and embeddings, collected to the driver. */
  private record RealFaces(long count, List<String> calibrationLabels, List<float[]> calibrationEmbeddings,
      int[] imagesPerLabel, SyntheticFaces.Provenance provenance) {

    static RealFaces collect(Dataset<Row> faces, String source) {
      // In a fixed order, so that a seed gives the same calibration and gallery whatever the files' order.
      List<Row> rows = faces.orderBy("image_id", "face_id")
          .select("label", "image_id", "embedding", "model_id", "detector_id", "ingest_time").collectAsList();
      if (rows.isEmpty()) {
        throw new IllegalArgumentException(source + " holds no faces");
      }
      Set<String> models = new TreeSet<>();
      Map<String, Integer> facesPerImage = new HashMap<>();
      Map<String, Set<String>> imagesOfLabel = new HashMap<>();
      for (Row row : rows) {
        models.add(row.getString(3));
        facesPerImage.merge(row.getString(1), 1, Integer::sum);
        if (!row.isNullAt(0)) {
          imagesOfLabel.computeIfAbsent(row.getString(0), k -> new HashSet<>()).add(row.getString(1));
        }
      }
      if (models.size() != 1) {
        throw new IllegalArgumentException(source + " mixes the models " + models + ": calibrate on one model's faces");
      }
      List<String> labels = new ArrayList<>();
      List<float[]> embeddings = new ArrayList<>();
      for (Row row : rows) {
        if (!row.isNullAt(0) && facesPerImage.get(row.getString(1)) == 1) {
          labels.add(row.getString(0));
          List<Float> values = row.getList(2);
          float[] embedding = new float[values.size()];
          for (int j = 0; j < embedding.length; j++) {
            embedding[j] = values.get(j);
          }
          embeddings.add(embedding);
        }
      }
      if (labels.isEmpty()) {
        throw new IllegalArgumentException(source + " has no labelled faces of single-face images to calibrate on");
      }
      int[] imagesPerLabel = imagesOfLabel.values().stream().mapToInt(Set::size).sorted().toArray();
      Row first = rows.get(0);
      Timestamp time = first.getTimestamp(5);
      return new RealFaces(rows.size(), labels, embeddings, imagesPerLabel,
          new SyntheticFaces.Provenance(first.getString(3), first.getString(4), time));
    }
  }
}
