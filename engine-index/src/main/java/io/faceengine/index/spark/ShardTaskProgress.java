package io.faceengine.index.spark;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log lines from inside a shard's task. Spark's progress counts whole tasks, and a shard is one task
 * (half an hour for a million faces on one core), so without these a build says nothing between its
 * plan and its end: faces added at most once a minute, then the merge to one segment (which rebuilds
 * the HNSW graph) and the copy into the generation.
 */
final class ShardTaskProgress {
  private static final Logger LOG = LoggerFactory.getLogger(ShardTaskProgress.class);
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final String name;
  private final long started = System.nanoTime();
  private long nextReport = started + INTERVAL_NANOS;
  private long faces;
  private long mergeStarted;

  ShardTaskProgress(long generation, int shard) {
    this.name = "gen-" + generation + " shard-" + shard;
  }

  void faceAdded() {
    faces++;
    if ((faces & 1023) == 0 && System.nanoTime() >= nextReport) {
      LOG.info("{}: {} faces added ({} faces/s)", name, faces, rate());
      nextReport = System.nanoTime() + INTERVAL_NANOS;
    }
  }

  void merging() {
    mergeStarted = System.nanoTime();
    LOG.info("{}: {} faces added in {} s ({} faces/s); merging into one segment", name, faces, seconds(started), rate());
  }

  void copying() {
    LOG.info("{}: merged in {} s; checking and copying into the generation", name, seconds(mergeStarted));
  }

  private String rate() {
    double elapsed = (System.nanoTime() - started) / 1e9;
    return String.format(Locale.ROOT, "%.0f", elapsed > 0 ? faces / elapsed : 0);
  }

  private static String seconds(long since) {
    return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - since) / 1e9);
  }
}
