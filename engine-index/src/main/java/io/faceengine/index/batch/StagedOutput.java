package io.faceengine.index.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes the job's output appear whole or not at all, as the ingest job's batches do: the Parquet
 * is written into a staging directory beside the output ({@code _NAME.staging-UUID}, hidden from
 * Spark's readers by its leading underscore) and renamed to the output at the end. The rename of a
 * directory is atomic on HDFS and local disks (not on S3). A failed job deletes its staging directory.
 */
final class StagedOutput {
  private final FileSystem fs;
  private final Path output;
  private final Path staging;

  StagedOutput(Configuration conf, String output) {
    try {
      Path path = new Path(output);
      this.fs = path.getFileSystem(conf);
      this.output = fs.makeQualified(path);
      this.staging = new Path(this.output.getParent(), "_" + this.output.getName() + ".staging-" + UUID.randomUUID());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the output " + output + ": " + e.getMessage(), e);
    }
  }

  /** Refuses an existing output (results are never mixed or overwritten); returns where to write. */
  String begin() throws IOException {
    if (fs.exists(output)) {
      throw new IllegalArgumentException("the output " + output + " exists: search-batch writes a new directory;"
          + " delete it or choose another");
    }
    fs.mkdirs(output.getParent());
    return staging.toString();
  }

  /** Renames the staged output into place. */
  void commit() throws IOException {
    if (!fs.rename(staging, output)) {
      throw new IOException("could not rename " + staging + " to " + output + " (was it created meanwhile?)");
    }
  }

  /** Deletes what a failed job staged. */
  void abort() throws IOException {
    fs.delete(staging, true);
  }

  String output() {
    return output.toString();
  }
}
