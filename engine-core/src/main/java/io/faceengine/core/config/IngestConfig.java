package io.faceengine.core.config;

/** Settings of the Spark ingest job, from {@code engine.ingest}; see {@code conf/engine.conf}. */
public record IngestConfig(String pathGlob, int commitBatchImages, int imagesPerTask, int onnxThreadsPerTask,
    long maxImageBytes) {
  public IngestConfig {
    if (pathGlob == null || pathGlob.isBlank()) {
      throw new IllegalArgumentException("engine.ingest.path-glob must not be empty");
    }
    if (commitBatchImages < 1 || imagesPerTask < 1 || onnxThreadsPerTask < 1 || maxImageBytes < 1) {
      throw new IllegalArgumentException("engine.ingest: commit-batch-images, images-per-task, onnx-threads-per-task"
          + " and max-image-bytes must be >= 1, got " + commitBatchImages + ", " + imagesPerTask + ", "
          + onnxThreadsPerTask + ", " + maxImageBytes);
    }
  }
}
