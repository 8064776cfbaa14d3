package io.faceengine.ingest.spark;

import static org.apache.spark.sql.functions.col;

import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.ingest.IngestPlan;
import io.faceengine.ingest.IngestPlan.Labels;
import io.faceengine.ingest.spark.FaceExtraction.IngestCounters;
import io.faceengine.spark.FacesSchema;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/** The Spark plumbing of the ingest job's steps; the job itself only sequences them. */
public final class IngestSteps {
  private final SparkSession spark;
  private final IngestPlan plan;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final PipelineSettings executorPipeline;

  public IngestSteps(SparkSession spark, IngestPlan plan) {
    this.spark = spark;
    this.plan = plan;
    this.hadoopConf = SerializableConfiguration.broadcast(spark.sparkContext());
    int threads = plan.ingest().onnxThreadsPerTask();
    int taskCpus = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
    if (threads > taskCpus) {
      // An executor runs cores / spark.task.cpus tasks at once; more threads per task oversubscribes its cores.
      throw new IllegalArgumentException("engine.ingest.onnx-threads-per-task = " + threads + " exceeds spark.task.cpus = "
          + taskCpus + ": tasks would use more threads than the executor has cores; set spark.task.cpus=" + threads);
    }
    this.executorPipeline = plan.pipeline().withIntraOpThreads(threads);
  }

  /** {@code image_uri} of every input image. */
  public Dataset<Row> list() {
    return InputListing.list(spark, plan.inputs(), plan.uriList(), plan.ingest().pathGlob());
  }

  /** {@code image_uri, image_id, size_bytes, read_error}; {@code listed} holds {@code count} URIs. */
  public Dataset<Row> hash(Dataset<Row> listed, long count) {
    return listed.repartition(partitions(Math.max(1, count)))
        .mapPartitions(new ImageHashing(hadoopConf, plan.ingest().maxImageBytes()), Encoders.row(FacesSchema.HASHED));
  }

  /**
   * The hashed images without repeats: one per content ({@code image_id}), and every unreadable or
   * empty file, so that each gets its own error row (empty files all share one content hash).
   */
  public static Dataset<Row> unique(Dataset<Row> hashed) {
    Column ownRow = col(FacesSchema.IMAGE_ID).isNull().or(col("size_bytes").equalTo(0L));
    return hashed.filter(functions.not(ownRow)).dropDuplicates(FacesSchema.IMAGE_ID)
        .unionByName(hashed.filter(ownRow));
  }

  /** The images to process split into commit batches of at most {@code commit-batch-images}. */
  public List<Dataset<Row>> batches(Dataset<Row> todo, long count) {
    if (count == 0) {
      return List.of();
    }
    int n = (int) Math.max(1, (count + plan.ingest().commitBatchImages() - 1) / plan.ingest().commitBatchImages());
    if (n == 1) {
      return List.of(todo);
    }
    // Deterministic split by content hash (unreadable files by URI), so a batch is the same on recomputation.
    Dataset<Row> keyed = todo.withColumn("commit_batch",
        functions.pmod(functions.hash(functions.coalesce(col(FacesSchema.IMAGE_ID), col(FacesSchema.IMAGE_URI))), functions.lit(n)));
    List<Dataset<Row>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(keyed.filter(col("commit_batch").equalTo(i)).drop("commit_batch"));
    }
    return out;
  }

  /** One {@link FacesSchema#EXTRACTED} row per image of the batch, which holds about {@code images} images. */
  public Dataset<Row> extract(Dataset<Row> batch, long images, Timestamp ingestTime, IngestCounters counters) {
    Dataset<Row> input = batch.select(FacesSchema.IMAGE_URI, FacesSchema.IMAGE_ID, "size_bytes", FacesSchema.LABEL);
    return input.repartition(partitions(Math.max(1, images)))
        .mapPartitions(new FaceExtraction(executorPipeline, hadoopConf, plan.ingest().maxImageBytes(), ingestTime,
            counters), Encoders.row(FacesSchema.EXTRACTED));
  }

  /**
   * The faces dataset's rows of extracted images: one row per face, with its image's provenance and
   * models. The image's label goes to its subject face only (the central one): a bystander's is null.
   */
  public static Dataset<Row> faces(Dataset<Row> extracted) {
    return extracted.select(col("*"), functions.explode(col("faces")).as("face")).drop("faces")
        .select(col("face.*"), col(FacesSchema.IMAGE_ID), col(FacesSchema.IMAGE_URI),
            functions.when(col("face.subject"), col(FacesSchema.LABEL)).as(FacesSchema.LABEL), col(FacesSchema.MODEL_ID),
            col("detector_id"), col("ingest_time"));
  }

  /** The images with a {@code label} column, from the plan's label source. */
  public Dataset<Row> labelled(Dataset<Row> images) {
    Labels labels = plan.labels();
    if (labels instanceof Labels.ParentDirectory) {
      return images.withColumn(FacesSchema.LABEL, PARENT_NAME.apply(col(FacesSchema.IMAGE_URI)));
    }
    if (labels instanceof Labels.Csv csv) {
      Dataset<Row> table = spark.read().option("header", "true").csv(csv.file());
      if (!List.of(table.columns()).containsAll(List.of(FacesSchema.IMAGE_URI, FacesSchema.LABEL))) {
        throw new IllegalArgumentException("the labels file " + csv.file() + " needs the columns image_uri,label");
      }
      Dataset<Row> normalized = table.select(
          InputListing.canonicalUri(col(FacesSchema.IMAGE_URI)).as("labelled_uri"), col(FacesSchema.LABEL));
      return images.join(normalized, images.col(FacesSchema.IMAGE_URI).equalTo(normalized.col("labelled_uri")), "left")
          .drop("labelled_uri");
    }
    return images.withColumn(FacesSchema.LABEL, functions.lit(null).cast("string"));
  }

  /** The decoded name of the image's folder: {@code Colin Powell}, not {@code Colin%20Powell}. */
  private static final UserDefinedFunction PARENT_NAME =
      functions.udf((UDF1<String, String>) ImageUris::parentName, DataTypes.StringType);

  /** Named accumulators (shown in the Spark UI) and a console line every few seconds. */
  public Progress progress(long total, PrintStream console) {
    IngestCounters counters = new IngestCounters(
        accumulator("ingest: images"), accumulator("ingest: faces"), accumulator("ingest: errors"));
    ConsoleProgress printer = new ConsoleProgress(total, counters.images()::value, counters.faces()::value,
        counters.errors()::value, console);
    return new Progress(counters, printer);
  }

  /** The counters of a running job and the console printer reading them. */
  public record Progress(IngestCounters counters, ConsoleProgress printer) implements AutoCloseable {
    @Override
    public void close() {
      printer.close();
    }
  }

  /** Enough partitions to keep every task slot busy, with about {@code images-per-task} images each. */
  private int partitions(long images) {
    long byPerTask = (images + plan.ingest().imagesPerTask() - 1) / plan.ingest().imagesPerTask();
    return (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(byPerTask, 100_000));
  }

  private LongAccumulator accumulator(String name) {
    return spark.sparkContext().longAccumulator(name);
  }
}
