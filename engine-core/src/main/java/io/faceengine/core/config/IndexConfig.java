package io.faceengine.core.config;

import io.faceengine.core.person.PersonDistance;
import java.util.Optional;

/**
 * Settings of the sharded index, from {@code engine.index}; see {@code conf/engine.conf}.
 *
 * @param format how new shards store their vectors
 * @param m HNSW: the maximum neighbours of a node (Lucene's {@code maxConn})
 * @param beamWidth HNSW: candidates kept while inserting a node
 * @param shards shards of a new build when the command does not say
 * @param generationsToKeep published generations kept for rollback, the current one included
 * @param buildDir where tasks build a shard before publishing it; empty means the JVM's temp dir
 * @param calibrationProbes labelled faces a build holds out to calibrate the generation's open-set
 *     threshold; 0 turns calibration off
 * @param targetFpir the false-positive identification rate that searches of a calibrated generation
 *     aim for unless a request asks for another (query service and search-batch)
 * @param breadthProbes faces a build samples as probes to measure each shard's search breadth; 0 turns
 *     the measurement off (searches with {@code oversample = auto} then use the fallback)
 * @param breadthTargetRecall the recall@10 each shard's measured oversample must reach
 * @param templates whether a new build writes a person template per label beside the faces
 * @param personDistance how searches of a generation with templates rank persons (query service and
 *     search-batch)
 */
public record IndexConfig(VectorFormat format, int m, int beamWidth, int shards, int generationsToKeep,
    Optional<String> buildDir, int calibrationProbes, double targetFpir, int breadthProbes,
    double breadthTargetRecall, boolean templates,
    PersonDistance personDistance) {
  /** Lucene's own bounds (Lucene99HnswVectorsFormat MAXIMUM_MAX_CONN and MAXIMUM_BEAM_WIDTH). */
  public static final int MAX_M = 512;
  public static final int MAX_BEAM_WIDTH = 3200;
  /** More shards than this is a typo, not a plan: each shard is one Spark task and one searcher. */
  public static final int MAX_SHARDS = 4096;

  public IndexConfig {
    if (format == null) {
      throw new IllegalArgumentException("engine.index.format is required");
    }
    requireRange("m", m, 2, MAX_M);
    requireRange("beam-width", beamWidth, 1, MAX_BEAM_WIDTH);
    requireRange("shards", shards, 1, MAX_SHARDS);
    requireRange("generations-to-keep", generationsToKeep, 1, 1000);
    buildDir = buildDir == null ? Optional.empty() : buildDir.filter(dir -> !dir.isBlank());
    requireRange("calibration.probes", calibrationProbes, 0, 1_000_000);
    if (!(targetFpir > 0 && targetFpir < 1)) {
      throw new IllegalArgumentException("engine.index.calibration.target-fpir must be in (0, 1), got " + targetFpir);
    }
    requireRange("breadth.probes", breadthProbes, 0, 100_000);
    if (!(breadthTargetRecall > 0 && breadthTargetRecall <= 1)) {
      throw new IllegalArgumentException("engine.index.breadth.target-recall must be in (0, 1], got "
          + breadthTargetRecall);
    }
    if (personDistance == null) {
      throw new IllegalArgumentException("engine.index.person-distance is required");
    }
  }

  /** Where this JVM builds or copies shards: {@code buildDir}, else the JVM's temporary directory. */
  public java.nio.file.Path localBuildDir() {
    return java.nio.file.Path.of(buildDir.orElse(System.getProperty("java.io.tmpdir")));
  }

  /** These settings with another format, HNSW parameters or shard count (command-line overrides). */
  public IndexConfig with(VectorFormat newFormat, int newM, int newBeamWidth, int newShards) {
    return new IndexConfig(newFormat, newM, newBeamWidth, newShards, generationsToKeep, buildDir, calibrationProbes,
        targetFpir, breadthProbes, breadthTargetRecall, templates, personDistance);
  }

  /** These settings with person templates on or off (a command-line override). */
  public IndexConfig withTemplates(boolean newTemplates) {
    return new IndexConfig(format, m, beamWidth, shards, generationsToKeep, buildDir, calibrationProbes, targetFpir,
        breadthProbes, breadthTargetRecall, newTemplates, personDistance);
  }

  /**
   * These settings for an index only a job searches, by its own rules (clustering's temporary
   * index): no person templates, and neither the open-set threshold nor the search breadth measured,
   * since nothing reads them.
   */
  public IndexConfig forJobInternalIndex() {
    return new IndexConfig(format, m, beamWidth, shards, generationsToKeep, buildDir, 0, targetFpir, 0,
        breadthTargetRecall, false, personDistance);
  }

  private static void requireRange(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("engine.index." + key + " must be in [" + min + ", " + max + "], got " + value);
    }
  }
}
