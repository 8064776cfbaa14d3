package io.faceengine.core.config;

import io.faceengine.core.detect.DetectorOptions;
import io.faceengine.core.detect.SecondPassDetector;
import java.io.Serializable;
import java.util.Objects;

/** Face detection settings from {@code engine.detection}; see {@code conf/engine.conf} for what each means. */
public record DetectionConfig(float scoreThreshold, float nmsIou, int minFaceSize, int maxSide, int topK,
    SecondPass secondPass) implements Serializable {

  /**
   * {@code engine.detection.second-pass}: what to try when the first pass finds no face.
   *
   * @param enabled whether to try at all
   * @param detector the manifest id of the second pass's detector; empty for the first pass's
   * @param upscale how much larger than the first pass the second looks at the image
   * @param scoreThreshold the second pass's score threshold
   */
  public record SecondPass(boolean enabled, String detector, float upscale, float scoreThreshold) implements Serializable {
    public SecondPass {
      Objects.requireNonNull(detector, "detector");
      if (!(upscale >= 1f && upscale <= 8f)) {
        throw new IllegalArgumentException("second-pass.upscale must be in [1, 8], got " + upscale);
      }
    }
  }

  public DetectionConfig {
    Objects.requireNonNull(secondPass, "secondPass");
  }

  /** As the detector takes them; {@link DetectorOptions} validates the values. */
  public DetectorOptions toOptions() {
    return new DetectorOptions(scoreThreshold, nmsIou, minFaceSize, maxSide, topK);
  }

  /** The second pass's detector options (validated likewise). */
  public DetectorOptions secondPassOptions() {
    return SecondPassDetector.secondOptions(toOptions(), secondPass.upscale(), secondPass.scoreThreshold());
  }
}
