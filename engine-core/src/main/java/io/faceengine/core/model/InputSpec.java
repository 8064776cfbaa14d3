package io.faceengine.core.model;

import java.io.Serializable;
import java.util.List;

/**
 * How a model wants its pixels: tensor layout, colour order and per-channel normalisation
 * ({@code (pixel - mean) / std}, pixels in 0..255, channels in {@code colorOrder}).
 *
 * @param width fixed input width, or 0 when the model takes any size (detectors)
 * @param height fixed input height, or 0
 * @param sizeMultiple for variable-size inputs, width and height must be multiples of this (1 = any)
 */
public record InputSpec(
    int width, int height, String layout, String colorOrder, List<Float> mean, List<Float> std, int sizeMultiple) implements Serializable {

  public static final String NCHW = "NCHW";
  public static final String NHWC = "NHWC";

  void validate(String modelId) {
    if (!NCHW.equals(layout) && !NHWC.equals(layout)) {
      throw new IllegalArgumentException("model " + modelId + ": input layout must be NCHW or NHWC, got " + layout);
    }
    if (!"RGB".equals(colorOrder) && !"BGR".equals(colorOrder)) {
      throw new IllegalArgumentException("model " + modelId + ": input colorOrder must be RGB or BGR, got " + colorOrder);
    }
    if (mean == null || mean.size() != 3 || std == null || std.size() != 3) {
      throw new IllegalArgumentException("model " + modelId + ": input mean and std need 3 values each");
    }
    if (std.stream().anyMatch(s -> !(s > 0f))) {
      throw new IllegalArgumentException("model " + modelId + ": input std values must be > 0, got " + std);
    }
    if (width < 0 || height < 0 || sizeMultiple < 0) {
      throw new IllegalArgumentException("model " + modelId + ": input width, height and sizeMultiple must be >= 0");
    }
  }

  public boolean rgb() {
    return "RGB".equals(colorOrder);
  }

  public boolean channelsFirst() {
    return NCHW.equals(layout);
  }
}
