package io.faceengine.ingest.spark;

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
 * Makes each batch of a run visible all at once. A batch is written under
 * {@code OUTPUT/_staging/RUN/batch=N/{faces,images}}, then its faces directory and then its images
 * directory are renamed into {@code OUTPUT/faces/run_id=RUN/batch=N} and
 * {@code OUTPUT/images/run_id=RUN/batch=N}. Directory renames are atomic on HDFS and local disks
 * (not on S3: use a committer-aware layout there). The images dataset is the ledger of what was
 * ingested, renamed last, so a crash between the two renames leaves only a faces batch without its
 * images batch: {@link #recover()} deletes such orphans before a run, and their images are redone.
 */
public final class RunCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommitter.class);

  private final FileSystem fs;
  private final Path output;
  private final String runId;

  public RunCommitter(Configuration conf, String output, String runId) {
    try {
      this.output = new Path(output);
      this.fs = this.output.getFileSystem(conf);
      this.runId = runId;
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
    Path runDir = committed(FacesSchema.IMAGES, 0).getParent();
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

  /** Renames the staged batch into place: faces first, then images (the ledger). */
  public void commit(int batch) throws IOException {
    for (String dataset : List.of(FacesSchema.FACES, FacesSchema.IMAGES)) {
      Path from = staging(batch).suffix("/" + dataset);
      Path to = committed(dataset, batch);
      fs.mkdirs(to.getParent());
      if (!fs.exists(from)) {
        throw new IOException("nothing staged at " + from);
      }
      if (!fs.rename(from, to)) {
        throw new IOException("could not rename " + from + " to " + to);
      }
    }
    fs.delete(staging(batch), true);
  }

  /**
   * Removes what an interrupted run left behind: staged batches of this run, and committed faces
   * batches (of any run) whose images batch is missing.
   * @return the orphaned faces batches deleted
   */
  public List<Path> recover() throws IOException {
    fs.delete(new Path(output, "_staging/" + runId), true);
    List<Path> orphans = new ArrayList<>();
    Path faces = new Path(output, FacesSchema.FACES);
    if (!fs.exists(faces)) {
      return orphans;
    }
    for (FileStatus run : fs.listStatus(faces, p -> p.getName().startsWith(FacesSchema.RUN_ID + "="))) {
      for (FileStatus batch : fs.listStatus(run.getPath(), p -> p.getName().startsWith(FacesSchema.BATCH + "="))) {
        Path images = new Path(new Path(new Path(output, FacesSchema.IMAGES), run.getPath().getName()),
            batch.getPath().getName());
        if (!fs.exists(images)) {
          LOG.warn("deleting {}: an interrupted commit left it without its images batch; its images will be redone",
              batch.getPath());
          fs.delete(batch.getPath(), true);
          orphans.add(batch.getPath());
        }
      }
    }
    return orphans;
  }

  /** True when a committed images dataset exists (something was ingested before). */
  public boolean hasLedger() throws IOException {
    return fs.exists(new Path(output, FacesSchema.IMAGES));
  }

  public String ledgerPath() {
    return new Path(output, FacesSchema.IMAGES).toString();
  }

  private Path staging(int batch) {
    return new Path(output, "_staging/" + runId + "/" + FacesSchema.BATCH + "=" + batch);
  }

  private Path committed(String dataset, int batch) {
    return new Path(new Path(new Path(output, dataset), FacesSchema.RUN_ID + "=" + runId),
        FacesSchema.BATCH + "=" + batch);
  }
}
