package io.faceengine.bench.faults;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What an ingest output holds against its input, read as any reader sees it (Spark's Parquet
 * reader, which skips {@code _staging}): every input image must have exactly one images (ledger)
 * row, every face its image's row counts exactly one faces row, and no faces batch may be visible
 * without its images batch.
 */
record IngestCounts(long inputs, long imagesLost, long imagesDuplicated, long facesLost, long facesDuplicated,
    long facesOutsideLedger) {

  boolean clean() {
    return imagesLost == 0 && imagesDuplicated == 0 && facesLost == 0 && facesDuplicated == 0
        && facesOutsideLedger == 0;
  }

  static IngestCounts of(SparkSession spark, List<Path> inputs, Path output) throws IOException {
    Path imagesDir = output.resolve(FacesSchema.IMAGES);
    Path facesDir = output.resolve(FacesSchema.FACES);
    if (!Files.isDirectory(imagesDir)) {
      return new IngestCounts(inputs.size(), inputs.size(), 0, 0, 0, Files.isDirectory(facesDir) ? 1 : 0);
    }
    Dataset<Row> images = spark.read().parquet(imagesDir.toString());
    Set<String> seen = new HashSet<>();
    long duplicated = 0;
    for (Row row : images.groupBy(FacesSchema.IMAGE_URI).agg(count("*").as("n")).collectAsList()) {
      seen.add(Path.of(URI.create(row.getString(0))).toString());
      duplicated += row.getLong(1) - 1;
    }
    long lost = inputs.stream().filter(input -> !seen.contains(input.toAbsolutePath().toString())).count();
    Row expected = images.agg(sum("face_count")).first();
    long expectedFaces = expected.isNullAt(0) ? 0 : expected.getLong(0);
    long faceRows = 0;
    long distinctFaces = 0;
    long outside = 0;
    if (Files.isDirectory(facesDir)) {
      Dataset<Row> faces = spark.read().parquet(facesDir.toString());
      faceRows = faces.count();
      distinctFaces = faces.select(FacesSchema.FACE_ID).distinct().count();
      outside = faces.select(FacesSchema.RUN_ID, FacesSchema.BATCH).distinct()
          .except(images.select(FacesSchema.RUN_ID, FacesSchema.BATCH).distinct()).count();
    }
    return new IngestCounts(inputs.size(), lost, duplicated, Math.max(0, expectedFaces - distinctFaces),
        faceRows - distinctFaces, outside);
  }

  /** The image files under {@code folder}, as ingest lists them (every .jpg). */
  static List<Path> imageFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
    }
  }
}
