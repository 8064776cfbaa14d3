package io.faceengine.ingest.spark;

import io.faceengine.core.fault.FaultPoint;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each batch of a run visible all at once, and never shows a face whose image is not in the
 * images ledger. A batch is written under {@code OUTPUT/_staging/RUN/batch=N/{faces,images}} (hidden
 * from readers: Spark skips {@code _}-prefixed folders), then its images directory (the ledger of
 * what was ingested) and then its faces directory are renamed into
 * {@code OUTPUT/images/run_id=RUN/batch=N} and {@code OUTPUT/faces/run_id=RUN/batch=N}. Directory
 * renames are atomic on HDFS and local disks (not on S3: use a committer-aware layout there).
 *
 * <p>A crash between the two renames leaves a batch in the ledger whose faces are still staged:
 * {@link #recover()} rolls it forward (renames the faces into place) before the next run; staged
 * batches without a ledger entry are deleted, and their images redone. Outputs of earlier versions,
 * which renamed faces first, may hold a faces batch without its images batch: recovery deletes it.
 */
public final class RunCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommitter.class);
  private static final String STAGING = "_staging";

  /** A hook after a step of a batch commit ({@code "images"}: the ledger is renamed); tests inject a crash there. */
  @FunctionalInterface
  public interface Fault {
    Fault NONE = step -> {};

    void after(String step);
  }

  /** What {@link #recover()} did: batches whose faces it moved into place, and what it deleted. */
  public record Recovery(List<Path> completed, List<Path> removed) {}

  private final FileSystem fs;
  private final Path output;
  private final String runId;
  private final Fault fault;

  public RunCommitter(Configuration conf, String output, String runId) {
    this(conf, output, runId, Fault.NONE);
  }

  public RunCommitter(Configuration conf, String output, String runId, Fault fault) {
    try {
      this.output = new Path(output);
      this.fs = this.output.getFileSystem(conf);
      this.runId = runId;
      this.fault = fault;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the output " + output + ": " + e.getMessage(), e);
    }
  }

  /** Where a batch's faces are written before commit. */
  public String stagingFaces(int batch) {
    return staging(batch).suffix("/" + FacesSchema.FACES).toString();
  }

  /** Where a batch's images are written before commit. */
  public String stagingImages(int batch) {
    return staging(batch).suffix("/" + FacesSchema.IMAGES).toString();
  }

  /** The first batch number this run has not used yet (a re-run under the same id appends batches). */
  public int nextBatch() throws IOException {
    Path runDir = committed(FacesSchema.IMAGES, runId, 0).getParent();
    if (!fs.exists(runDir)) {
      return 0;
    }
    int next = 0;
    for (FileStatus status : fs.listStatus(runDir)) {
      String name = status.getPath().getName();
      if (name.startsWith(FacesSchema.BATCH + "=")) {
        next = Math.max(next, Integer.parseInt(name.substring(FacesSchema.BATCH.length() + 1)) + 1);
      }
    }
    return next;
  }

  /** Renames the staged batch into place: the images (the ledger) first, then the faces. */
  public void commit(int batch) throws IOException {
    Path stagedImages = staging(batch).suffix("/" + FacesSchema.IMAGES);
    Path stagedFaces = staging(batch).suffix("/" + FacesSchema.FACES);
    for (Path staged : List.of(stagedImages, stagedFaces)) {
      if (!fs.exists(staged)) {
        throw new IOException("nothing staged at " + staged);
      }
    }
    rename(stagedImages, committed(FacesSchema.IMAGES, runId, batch));
    fault.after(FacesSchema.IMAGES);
    FaultPoint.reach(FaultPoint.INGEST_COMMIT_AFTER_IMAGES);
    rename(stagedFaces, committed(FacesSchema.FACES, runId, batch));
    fs.delete(staging(batch), true);
  }

  /**
   * Completes or removes what an interrupted run left behind: staged faces of a batch already in
   * the ledger are renamed into place; other staged batches are deleted, and so are committed faces
   * batches (of any run) whose images batch is missing.
   */
  public Recovery recover() throws IOException {
    List<Path> completed = new ArrayList<>();
    List<Path> removed = new ArrayList<>();
    Path stagingRoot = new Path(output, STAGING);
    if (fs.exists(stagingRoot)) {
      for (FileStatus run : fs.listStatus(stagingRoot)) {
        for (FileStatus batch : fs.listStatus(run.getPath(), p -> p.getName().startsWith(FacesSchema.BATCH + "="))) {
          String runDir = FacesSchema.RUN_ID + "=" + run.getPath().getName();
          Path ledger = committed(FacesSchema.IMAGES, runDir, batch.getPath().getName());
          Path stagedFaces = batch.getPath().suffix("/" + FacesSchema.FACES);
          if (fs.exists(ledger) && fs.exists(stagedFaces)) {
            Path faces = committed(FacesSchema.FACES, runDir, batch.getPath().getName());
            LOG.warn("completing {}: an interrupted commit left its faces in {}", faces, stagedFaces);
            rename(stagedFaces, faces);
            completed.add(faces);
          }
        }
      }
      // One ingest at a time per output: whatever is still staged belongs to no live run.
      fs.delete(stagingRoot, true);
    }
    Path faces = new Path(output, FacesSchema.FACES);
    if (!fs.exists(faces)) {
      return new Recovery(completed, removed);
    }
    for (FileStatus run : fs.listStatus(faces, p -> p.getName().startsWith(FacesSchema.RUN_ID + "="))) {
      for (FileStatus batch : fs.listStatus(run.getPath(), p -> p.getName().startsWith(FacesSchema.BATCH + "="))) {
        Path images = new Path(new Path(new Path(output, FacesSchema.IMAGES), run.getPath().getName()),
            batch.getPath().getName());
        if (!fs.exists(images)) {
          LOG.warn("deleting {}: an interrupted commit left it without its images batch; its images will be redone",
              batch.getPath());
          fs.delete(batch.getPath(), true);
          removed.add(batch.getPath());
        }
      }
    }
    return new Recovery(completed, removed);
  }

  /** True when a committed images dataset exists (something was ingested before). */
  public boolean hasLedger() throws IOException {
    return fs.exists(new Path(output, FacesSchema.IMAGES));
  }

  public String ledgerPath() {
    return new Path(output, FacesSchema.IMAGES).toString();
  }

  private void rename(Path from, Path to) throws IOException {
    fs.mkdirs(to.getParent());
    if (!fs.rename(from, to)) {
      throw new IOException("could not rename " + from + " to " + to);
    }
  }

  private Path staging(int batch) {
    return new Path(output, STAGING + "/" + runId + "/" + FacesSchema.BATCH + "=" + batch);
  }

  private Path committed(String dataset, String run, int batch) {
    return committed(dataset, FacesSchema.RUN_ID + "=" + run, FacesSchema.BATCH + "=" + batch);
  }

  private Path committed(String dataset, String runDir, String batchDir) {
    return new Path(new Path(new Path(output, dataset), runDir), batchDir);
  }
}
