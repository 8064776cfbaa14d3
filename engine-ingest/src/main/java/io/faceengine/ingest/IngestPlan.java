package io.faceengine.ingest;

import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.pipeline.PipelineSettings;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * One ingest run, validated: what to read, where to write, how to label, and the pipeline to run.
 *
 * @param inputs directories or files (any Hadoop file system URI)
 * @param uriList an optional text or Parquet list of image URIs
 * @param labels where labels come from
 * @param runId the run's name: the partition its output lands in
 */
public record IngestPlan(List<String> inputs, Optional<String> uriList, String output, Labels labels, String runId,
    IngestConfig ingest, PipelineSettings pipeline) {

  /** Where an image's label comes from. */
  public sealed interface Labels {
    /** No labels. */
    record None() implements Labels {}

    /** The name of the folder holding the image (LFW's layout: one folder per person). */
    record ParentDirectory() implements Labels {}

    /** A CSV file with a header and the columns {@code image_uri,label}. */
    record Csv(String file) implements Labels {}

    /** Parses {@code dir}, {@code csv:FILE} or {@code none}. */
    public static Labels parse(String spec) {
      if (spec == null || spec.equals("none")) {
        return new None();
      }
      if (spec.equals("dir")) {
        return new ParentDirectory();
      }
      if (spec.startsWith("csv:") && spec.length() > 4) {
        return new Csv(spec.substring(4));
      }
      throw new IllegalArgumentException("--labels must be dir, csv:FILE or none, got '" + spec + "'");
    }
  }

  public IngestPlan {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty() && uriList.isEmpty()) {
      throw new IllegalArgumentException("nothing to ingest: give --input PATH... and/or --list FILE");
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("--output is required");
    }
    if (!runId.matches("[A-Za-z0-9._-]+") || !runId.matches(".*[A-Za-z].*")) {
      // A letter keeps Spark's partition discovery from reading run ids as numbers.
      throw new IllegalArgumentException("--run-id must be letters, digits, '.', '_' or '-' with at least one letter,"
          + " got '" + runId + "'");
    }
  }

  /** A new run's default id, from the current UTC time: {@code run-20261122T183000Z}. */
  public static String newRunId() {
    return "run-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
  }
}
