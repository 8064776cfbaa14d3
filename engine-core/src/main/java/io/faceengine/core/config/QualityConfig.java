package io.faceengine.core.config;

import io.faceengine.core.quality.QualityLimits;

/**
 * The quality gate, from {@code engine.quality}; see {@code conf/engine.conf}.
 *
 * @param limits what a face must reach to be enrolled and named
 * @param gateSearches whether searches answer a low-quality probe face {@code low_quality} (a request
 *     may still ask for {@code "quality": "ignore"}); ingest flags and index builds leave out
 *     low-quality faces either way
 */
public record QualityConfig(QualityLimits limits, boolean gateSearches) {
  public QualityConfig {
    if (limits == null) {
      throw new IllegalArgumentException("engine.quality needs its limits");
    }
  }
}
