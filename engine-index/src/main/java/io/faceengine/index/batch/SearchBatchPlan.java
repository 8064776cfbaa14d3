package io.faceengine.index.batch;

import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.person.PersonDistance;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.quality.QualityLimits;
import io.faceengine.ingest.IngestPlan.Labels;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one {@code search-batch} does: look up every probe face under {@code probes} in every
 * shard of a generation of the index under {@code root}, and write the top k of each to {@code output}.
 *
 * @param generation the generation to search; empty for CURRENT's
 * @param probes a faces dataset (or an ingest output holding one in {@code faces/}), or a directory of images
 * @param images true: probes are images; false: a faces dataset; empty: decided from what the directory holds
 * @param oversample each shard's candidates per wanted face before exact re-ranking
 * @param probesPerTask about how many probes one task searches one shard for
 * @param models where the generation's model (metric, threshold) is looked up
 * @param labels where image probes' labels come from
 * @param ingest and {@code pipeline}: how image probes are read and embedded (the ingest job's settings)
 * @param targetFpir the false-positive identification rate a calibrated generation's decision threshold is
 *     taken at (an uncalibrated generation decides at the model's threshold)
 * @param personDistance how persons are ranked when the generation holds person templates
 * @param qualityGate probes that do not pass it are decided {@code low_quality} (their stored
 *     {@code quality_ok}, else these limits applied to their measurements); null decides every probe
 */
public record SearchBatchPlan(String root, OptionalLong generation, String probes, String output, int k,
    int oversample, int probesPerTask, Optional<Boolean> images, ModelManifest models, Labels labels,
    IngestConfig ingest, PipelineSettings pipeline, double targetFpir, PersonDistance personDistance,
    QualityLimits qualityGate) {
  /** The API's limit, which keeps merged lists small. */
  public static final int MAX_K = 1000;

  public SearchBatchPlan {
    if (root == null || root.isBlank() || probes == null || probes.isBlank() || output == null || output.isBlank()) {
      throw new IllegalArgumentException("search-batch needs --index, --probes and --output");
    }
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("--k must be in [1, " + MAX_K + "], got " + k);
    }
    if (oversample < QueryConfig.AUTO_OVERSAMPLE || probesPerTask < 1) {
      throw new IllegalArgumentException("--oversample and --probes-per-task must be >= 1 (oversample "
          + QueryConfig.AUTO_OVERSAMPLE + ": auto), got " + oversample + ", " + probesPerTask);
    }
    if (models == null || labels == null || ingest == null || pipeline == null) {
      throw new IllegalArgumentException("search-batch needs the model manifest, labels, ingest and pipeline settings");
    }
    if (!(targetFpir > 0 && targetFpir < 1)) {
      throw new IllegalArgumentException("--fpir must be in (0, 1), got " + targetFpir);
    }
    if (personDistance == null) {
      throw new IllegalArgumentException("search-batch needs the person distance rule");
    }
  }
}
