package io.faceengine.cluster;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A clustering output directory ({@code clusters/}, {@code cluster_summary/}, {@code clustering.json}),
 * replaced whole or not at all, as the ingest's batches are committed: everything is written into a
 * staging directory beside it ({@code _NAME.staging-UUID}) which is renamed into place at the end.
 * An existing output is first renamed aside ({@code _NAME.replaced-UUID}) and deleted once the new
 * one is in place; a crash between the two renames leaves the old output aside, and the next run on
 * that output puts it back before anything else. Directory renames are atomic on HDFS and local
 * disks, not on S3. One clustering at a time per output.
 */
final class ClusterOutput {
  static final String CLUSTERS = "clusters";
  static final String SUMMARY = "cluster_summary";
  static final String MANIFEST = "clustering.json";

  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final FileSystem fs;
  private final Path output;
  private final Path staging;

  ClusterOutput(Configuration conf, String output) {
    try {
      Path path = new Path(output);
      this.fs = path.getFileSystem(conf);
      this.output = fs.makeQualified(path);
      this.staging = beside("staging");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the output " + output + ": " + e.getMessage(), e);
    }
  }

  /** A hidden directory beside the output, e.g. {@code _clusters.work-UUID}: Spark's readers skip it. */
  Path beside(String purpose) {
    return new Path(output.getParent(), "_" + output.getName() + "." + purpose + "-" + UUID.randomUUID());
  }

  /** Restores an output a crashed replace left aside; returns the staging directory to write into. */
  String begin() throws IOException {
    fs.mkdirs(output.getParent());
    if (!fs.exists(output)) {
      FileStatus[] aside = fs.globStatus(new Path(output.getParent(), "_" + output.getName() + ".replaced-*"));
      if (aside != null && aside.length > 0) {
        Arrays.sort(aside, Comparator.comparingLong(FileStatus::getModificationTime));
        fs.rename(aside[aside.length - 1].getPath(), output);
      }
    }
    return staging.toString();
  }

  String staging() {
    return staging.toString();
  }

  String staged(String part) {
    return new Path(staging, part).toString();
  }

  void writeManifest(ClusteringManifest manifest) throws IOException {
    try (OutputStream out = fs.create(new Path(staging, MANIFEST), false)) {
      JSON.writeValue(out, manifest);
    }
  }

  /** The manifest of the committed output. */
  ClusteringManifest manifest() throws IOException {
    Path file = new Path(output, MANIFEST);
    if (!fs.exists(file)) {
      throw new IllegalArgumentException(output + " is not a clustering output: it has no " + MANIFEST);
    }
    try (InputStream in = fs.open(file)) {
      return JSON.readValue(in, ClusteringManifest.class);
    }
  }

  /** Puts the staged output in place of the current one. */
  void commit() throws IOException {
    Path replaced = null;
    if (fs.exists(output)) {
      replaced = beside("replaced");
      if (!fs.rename(output, replaced)) {
        throw new IOException("could not move the previous output " + output + " aside to " + replaced);
      }
    }
    if (!fs.rename(staging, output)) {
      if (replaced != null) {
        fs.rename(replaced, output);
      }
      throw new IOException("could not rename " + staging + " to " + output);
    }
    if (replaced != null) {
      fs.delete(replaced, true);
    }
  }

  /** Deletes what a failed run staged. */
  void abort() throws IOException {
    fs.delete(staging, true);
  }

  /**
   * Deletes what the failed {@code job} staged and returns the error to throw: {@code e} when it
   * says what is wrong (an IOException; an IllegalArgumentException is thrown as it is), else one
   * saying that the output was left as it was (e.g. a SparkException, which Scala throws undeclared).
   */
  IOException failure(String job, Exception e) throws IOException {
    abort();
    if (e instanceof IllegalArgumentException bad) {
      throw bad;
    }
    if (e instanceof IOException io) {
      return io;
    }
    return new IOException(job + " failed, " + output + " left as it was: " + Failures.rootMessage(e), e);
  }

  boolean exists() throws IOException {
    return fs.exists(new Path(output, MANIFEST));
  }

  void delete(Path dir) throws IOException {
    fs.delete(dir, true);
  }

  String output() {
    return output.toString();
  }

  String part(String name) {
    return new Path(output, name).toString();
  }
}
