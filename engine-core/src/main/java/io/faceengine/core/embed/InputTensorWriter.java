package io.faceengine.core.embed;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.faceengine.core.model.InputSpec;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes BGR crops into a float tensor the way a model's {@link InputSpec} says: channel order,
 * NCHW or NHWC layout, and {@code (pixel - mean) / std} per channel.
 */
final class InputTensorWriter {
  private final InputSpec spec;
  private final float[] mean = new float[3];
  private final float[] invStd = new float[3];

  InputTensorWriter(InputSpec spec) {
    this.spec = spec;
    for (int c = 0; c < 3; c++) {
      mean[c] = spec.mean().get(c);
      invStd[c] = 1f / spec.std().get(c);
    }
  }

  /** Writes one {@code height x width} crop as batch item {@code index} of {@code out}. */
  void write(Mat crop, int index, FloatBuffer out) {
    int w = spec.width();
    int h = spec.height();
    if (crop.type() != CV_8UC3 || crop.cols() != w || crop.rows() != h) {
      throw new IllegalArgumentException("expected a " + w + "x" + h + " BGR crop, got " + crop.cols() + "x" + crop.rows()
          + " of type " + crop.type());
    }
    int plane = w * h;
    int base = index * 3 * plane;
    try (UByteIndexer px = crop.createIndexer()) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < 3; c++) {
            // The Mat is BGR; model channel c reads BGR channel (2 - c) when the model wants RGB.
            int bgr = spec.rgb() ? 2 - c : c;
            float v = (px.get(y, x, bgr) - mean[c]) * invStd[c];
            int pos = spec.channelsFirst() ? base + c * plane + y * w + x : base + (y * w + x) * 3 + c;
            out.put(pos, v);
          }
        }
      }
    }
  }
}
