package io.faceengine.core.config;

import java.io.Serializable;
import io.faceengine.core.detect.DetectorOptions;

/** Face detection settings from {@code engine.detection}; see {@code conf/engine.conf} for what each means. */
public record DetectionConfig(float scoreThreshold, float nmsIou, int minFaceSize, int maxSide, int topK)
    implements Serializable {
  /** As the detector takes them; {@link DetectorOptions} validates the values. */
  public DetectorOptions toOptions() {
    return new DetectorOptions(scoreThreshold, nmsIou, minFaceSize, maxSide, topK);
  }
}
