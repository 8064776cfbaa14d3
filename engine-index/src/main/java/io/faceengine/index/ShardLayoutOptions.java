package io.faceengine.index;

import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.config.VectorFormat;
import picocli.CommandLine.Option;

/**
 * The shard count, vector format, HNSW parameters and person templates a full build takes; mixed in by {@code index
 * build} (defaults: {@code engine.index}) and {@code index rebuild} (defaults: CURRENT's).
 */
final class ShardLayoutOptions {
  @Option(names = "--shards", paramLabel = "N",
      description = "Number of shards (default: engine.index.shards for build, CURRENT's for rebuild).")
  Integer shards;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Vector format: float32, int8, int4 or binary (default: engine.index.format, or CURRENT's).")
  String format;

  @Option(names = "--m", paramLabel = "M", description = "HNSW neighbours per node (default: engine.index.m, or CURRENT's).")
  Integer m;

  @Option(names = "--beam-width", paramLabel = "N",
      description = "HNSW candidates kept while building (default: engine.index.beam-width, or CURRENT's).")
  Integer beamWidth;

  @Option(names = "--templates", negatable = true,
      description = "Write a person template per label beside the faces (--no-templates: none; default:"
          + " engine.index.templates for build, CURRENT's for rebuild).")
  Boolean templates;

  /** {@code base} with what was given on the command line in place of its own settings. */
  IndexConfig over(IndexConfig base) {
    IndexConfig layout = base.with(
        format != null ? VectorFormat.parse(format) : base.format(),
        m != null ? m : base.m(),
        beamWidth != null ? beamWidth : base.beamWidth(),
        shards != null ? shards : base.shards());
    return templates != null ? layout.withTemplates(templates) : layout;
  }
}
