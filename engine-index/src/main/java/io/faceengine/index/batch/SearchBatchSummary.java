package io.faceengine.index.batch;

import java.util.Locale;

/**
 * What a search-batch run did, counted from its committed output.
 *
 * @param probes distinct probe faces with candidates in the output
 * @param identified probes whose best candidate lies within the threshold
 * @param lowQuality probes the quality gate decided low_quality (neither identified nor unknown)
 * @param rows rows written (probes x ranks)
 */
public record SearchBatchSummary(long generation, int shards, long probes, long identified, long lowQuality, long rows,
    double seconds, String output) {
  public String line() {
    return String.format(Locale.ROOT, "search-batch: %d probes x %d shards of gen-%d: %d identified, %d unknown, %d low"
        + " quality; %d rows written to %s in %.1f s (%.1f probes/s)", probes, shards, generation, identified,
        probes - identified - lowQuality, lowQuality, rows, output, seconds, seconds > 0 ? probes / seconds : 0);
  }
}
