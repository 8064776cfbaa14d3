package io.faceengine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.faceengine.ingest.spark.IngestSteps;
import io.faceengine.ingest.spark.RunCommitter;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest job: images in, faces and embeddings out, in Parquet. Steps: list the inputs, hash
 * them, skip what the output already holds for this model, then extract faces batch by batch,
 * committing each batch atomically. Every input image ends as one row of the {@code images}
 * dataset (faces, no face, or error); the job prints {@code images: N read = A with faces + B
 * without + C errors}, counted from the committed output.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final SparkSession spark;
  private final IngestPlan plan;
  private final PrintStream console;
  private final IntConsumer afterCommit;
  private final RunCommitter.Fault commitFault;

  public IngestJob(SparkSession spark, IngestPlan plan, PrintStream console) {
    this(spark, plan, console, batch -> {}, RunCommitter.Fault.NONE);
  }

  /**
   * @param afterCommit called with each batch number once it is committed (tests inject a crash here)
   * @param commitFault called inside each batch commit (tests inject a crash between its renames)
   */
  IngestJob(SparkSession spark, IngestPlan plan, PrintStream console, IntConsumer afterCommit,
      RunCommitter.Fault commitFault) {
    this.spark = spark;
    this.plan = plan;
    this.console = console;
    this.afterCommit = afterCommit;
    this.commitFault = commitFault;
  }

  public IngestSummary run() throws IOException {
    logPlan();
    RunCommitter committer = new RunCommitter(spark.sparkContext().hadoopConfiguration(), plan.output(), plan.runId(),
        commitFault);
    RunCommitter.Recovery recovery = committer.recover();
    recovery.completed().forEach(batch -> console.println("recovered: completed the interrupted commit of " + batch));
    recovery.removed().forEach(orphan -> console.println("recovered: removed uncommitted " + orphan));
    IngestSteps steps = new IngestSteps(spark, plan);

    long phase = System.nanoTime();
    Dataset<Row> listed = steps.list().persist(StorageLevel.MEMORY_AND_DISK());
    long total = listed.count();
    console.printf(Locale.ROOT, "listed %d images in %.1f s%n", total, seconds(phase));
    phase = System.nanoTime();
    Dataset<Row> hashed = steps.hash(listed, total).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> todo = steps.labelled(skipIngested(hashed, committer)).persist(StorageLevel.MEMORY_AND_DISK());
    long remaining = todo.count();
    long skipped = total - remaining;
    console.printf(Locale.ROOT, "hashed and checked against the output in %.1f s: %d already ingested with %s or"
        + " duplicates, %d to process%n", seconds(phase), skipped, plan.pipeline().embedder().id(), remaining);
    long erased = erasedImages(hashed, committer);
    if (erased > 0) {
      console.printf(Locale.ROOT, "%d of them were erased (bin/engine erase): they stay out (docs/privacy.md)%n", erased);
    }

    Timestamp started = new Timestamp(System.currentTimeMillis());
    List<Dataset<Row>> batches = steps.batches(todo, remaining);
    int batchNumber = committer.nextBatch();
    long startNanos = System.nanoTime();
    try (var progress = steps.progress(remaining, console)) {
      for (Dataset<Row> batch : batches) {
        long batchImages = (remaining + batches.size() - 1) / batches.size(); // hash-split: about equal
        Dataset<Row> extracted = steps.extract(batch, batchImages, started, progress.counters())
            .persist(StorageLevel.MEMORY_AND_DISK());
        try {
          extracted.drop("faces").write().parquet(committer.stagingImages(batchNumber));
          ParquetEncryption.write(IngestSteps.faces(extracted)).parquet(committer.stagingFaces(batchNumber));
          committer.commit(batchNumber);
          LOG.info("committed batch {} of run {}", batchNumber, plan.runId());
          afterCommit.accept(batchNumber);
        } finally {
          extracted.unpersist();
        }
        batchNumber++;
      }
    } finally {
      todo.unpersist();
      hashed.unpersist();
      listed.unpersist();
    }
    double seconds = seconds(startNanos);
    IngestSummary summary = IngestSummary.of(spark.read().parquet(committer.ledgerPath())
        .filter(col(FacesSchema.RUN_ID).equalTo(plan.runId()))
        .filter(col("ingest_time").equalTo(lit(started)))
        .groupBy("outcome").agg(count(lit(1)).as("n")).collectAsList(), skipped, seconds);
    console.println(summary.line());
    return summary;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  /** Drops images already in the output for this model (by content), and repeated images within the input. */
  private Dataset<Row> skipIngested(Dataset<Row> hashed, RunCommitter committer) throws IOException {
    Dataset<Row> unique = IngestSteps.unique(hashed);
    if (!committer.hasLedger()) {
      return unique;
    }
    Dataset<Row> done = spark.read().parquet(committer.ledgerPath())
        .filter(col(FacesSchema.MODEL_ID).equalTo(plan.pipeline().embedder().id()))
        .filter(col(FacesSchema.IMAGE_ID).isNotNull())
        .select(FacesSchema.IMAGE_ID).distinct();
    // An unreadable image (null image_id) equals nothing: it stays, to be reported.
    return unique.join(done, unique.col(FacesSchema.IMAGE_ID).equalTo(done.col(FacesSchema.IMAGE_ID)), "left_anti");
  }

  /** How many of the input's images the output holds as erasure tombstones: skipped, and said so. */
  private long erasedImages(Dataset<Row> hashed, RunCommitter committer) throws IOException {
    if (!committer.hasLedger()) {
      return 0;
    }
    Dataset<Row> erased = spark.read().parquet(committer.ledgerPath())
        .filter(col("outcome").equalTo(FacesSchema.OUTCOME_ERASED))
        .select(FacesSchema.IMAGE_ID).distinct();
    return hashed.join(erased, hashed.col(FacesSchema.IMAGE_ID).equalTo(erased.col(FacesSchema.IMAGE_ID)), "left_semi")
        .select(FacesSchema.IMAGE_ID).distinct().count();
  }

  private void logPlan() {
    console.println("ingest plan:");
    console.println("+ inputs: " + plan.inputs() + plan.uriList().map(l -> ", list " + l).orElse(""));
    console.println("+ output: " + plan.output() + " (run " + plan.runId() + ")");
    console.println("+ labels: " + plan.labels());
    console.println("+ models: detector " + plan.pipeline().detector().id() + ", embedder " + plan.pipeline().embedder().id()
        + " (" + plan.pipeline().embedder().outputDimension() + "-d)");
    console.println("+ spark: " + spark.sparkContext().master() + ", " + spark.sparkContext().defaultParallelism()
        + " task slots, ONNX Runtime " + plan.ingest().onnxThreadsPerTask() + " thread(s) per task");
    console.println("+ commit batch: " + plan.ingest().commitBatchImages() + " images, " + plan.ingest().imagesPerTask()
        + " images per task");
    console.println("+ quality gate: " + plan.pipeline().quality().describe() + " (faces breaking it are kept, flagged"
        + " quality_ok = false)");
  }
}
