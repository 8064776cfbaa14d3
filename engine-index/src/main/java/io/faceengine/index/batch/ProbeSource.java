package io.faceengine.index.batch;

import static org.apache.spark.sql.functions.col;

import io.faceengine.ingest.IngestPlan;
import io.faceengine.ingest.spark.IngestSteps;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The probe faces of a search-batch as rows of {@link Probe#COLUMNS}: read from a faces dataset, or
 * extracted from images on the fly by the ingest job's own steps (listing, hashing, the executors'
 * shared face pipeline), nothing written. Probes of another model than the generation's are refused.
 */
final class ProbeSource {
  private static final int ERRORS_SHOWN = 10;

  private final SparkSession spark;
  private final SearchBatchPlan plan;
  private final PrintStream console;

  ProbeSource(SparkSession spark, SearchBatchPlan plan, PrintStream console) {
    this.spark = spark;
    this.plan = plan;
    this.console = console;
  }

  /**
   * @param modelId the generation's model
   * @param generation names the generation in errors
   */
  Dataset<Row> read(String modelId, long generation) throws IOException {
    return isImages() ? fromImages(modelId, generation) : fromFaces(modelId, generation);
  }

  /** --images or --no-images, else: a faces dataset holds Parquet files (or a faces/ folder), anything else is images. */
  boolean isImages() throws IOException {
    if (plan.images().isPresent()) {
      return plan.images().get();
    }
    Path in = new Path(plan.probes());
    FileSystem fs = in.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(in)) {
      throw new IllegalArgumentException("the probes " + plan.probes() + " do not exist");
    }
    if (FacesDataset.isIngestOutput(fs, in)) {
      return false;
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(in, true);
    while (files.hasNext()) {
      String name = files.next().getPath().getName();
      if (!name.startsWith("_") && !name.startsWith(".")) {
        return !name.endsWith(".parquet");
      }
    }
    throw new IllegalArgumentException("the probes " + plan.probes() + " hold no files");
  }

  private Dataset<Row> fromFaces(String modelId, long generation) throws IOException {
    List<String> columns = new ArrayList<>(Probe.COLUMNS);
    columns.add(FacesSchema.MODEL_ID);
    FacesDataset probes = FacesDataset.open(spark, plan.probes(), columns);
    String path = probes.path();
    Dataset<Row> rows = probes.faces();
    TreeSet<String> models = new TreeSet<>();
    rows.select(FacesSchema.MODEL_ID).distinct().collectAsList().forEach(row -> models.add(String.valueOf(row.getString(0))));
    models.remove(modelId);
    if (!models.isEmpty()) {
      throw new IllegalArgumentException("the probes " + path + " hold faces of the model(s) " + models + ", but gen-"
          + generation + " indexes the model " + modelId + ": embeddings of different models cannot be compared");
    }
    console.println("probes: faces dataset " + path);
    return rows.select(columns(rows));
  }

  private Dataset<Row> fromImages(String modelId, long generation) {
    String embedder = plan.pipeline().embedder().id();
    if (!embedder.equals(modelId)) {
      throw new IllegalArgumentException("the probe images of " + plan.probes() + " would be embedded with the model "
          + embedder + ", but gen-" + generation + " indexes the model " + modelId + ": configure the embedder "
          + modelId + " (engine.models.embedder)");
    }
    IngestPlan ingest = new IngestPlan(List.of(plan.probes()), Optional.empty(), plan.output(), plan.labels(),
        "search-batch", plan.ingest(), plan.pipeline());
    IngestSteps steps = new IngestSteps(spark, ingest);
    Dataset<Row> listed = steps.list().persist(StorageLevel.MEMORY_AND_DISK());
    long total = listed.count();
    if (total == 0) {
      throw new IllegalArgumentException("the probes " + plan.probes() + " hold no images matching "
          + plan.ingest().pathGlob());
    }
    // Repeated images would be the same probes twice.
    Dataset<Row> unique = IngestSteps.unique(steps.hash(listed, total));
    Dataset<Row> extracted;
    try (IngestSteps.Progress progress = steps.progress(total, console)) {
      extracted = steps.extract(steps.labelled(unique), total, new Timestamp(System.currentTimeMillis()),
              progress.counters())
          .persist(StorageLevel.MEMORY_AND_DISK());
      report(extracted);
    } finally {
      listed.unpersist();
    }
    Dataset<Row> faces = IngestSteps.faces(extracted);
    return faces.select(columns(faces));
  }

  /** The outcome of every probe image, and the first errors with their reasons. */
  private void report(Dataset<Row> extracted) {
    long faces = 0;
    long noFace = 0;
    long errors = 0;
    for (Row row : extracted.groupBy("outcome").count().collectAsList()) {
      switch (row.getString(0)) {
        case FacesSchema.OUTCOME_FACES -> faces = row.getLong(1);
        case FacesSchema.OUTCOME_NO_FACE -> noFace = row.getLong(1);
        default -> errors = row.getLong(1);
      }
    }
    console.printf(Locale.ROOT, "probe images: %d read = %d with faces + %d without + %d errors%n",
        faces + noFace + errors, faces, noFace, errors);
    for (Row error : extracted.filter(col("outcome").equalTo(FacesSchema.OUTCOME_ERROR))
        .select("image_uri", "error_class", "error_message").limit(ERRORS_SHOWN).collectAsList()) {
      console.println("  error: " + error.getString(0) + ": " + error.getString(1) + ": " + error.getString(2));
    }
  }

  /** {@link Probe#COLUMNS}, then the quality reasons when the search gates quality. */
  private Column[] columns(Dataset<Row> faces) {
    List<Column> columns = new ArrayList<>(List.of(FacesDataset.columns(Probe.COLUMNS)));
    if (plan.qualityGate() != null) {
      columns.add(FacesDataset.qualityReasons(faces, plan.qualityGate()));
    }
    return columns.toArray(Column[]::new);
  }
}
