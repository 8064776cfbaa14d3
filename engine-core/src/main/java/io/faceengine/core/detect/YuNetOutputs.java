package io.faceengine.core.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns YuNet's raw per-stride outputs into candidate faces, as OpenCV's FaceDetectorYN does
 * (modules/objdetect/src/face_detect.cpp). For each stride s in 8, 16, 32 the network sees the
 * padded input as a grid of (H/s) x (W/s) cells, row-major, and gives per cell: a class score and
 * an objectness (combined as the square root of their clamped product), a box as centre offset in
 * cells plus log width and height in strides, and five landmarks as offsets in cells.
 */
final class YuNetOutputs {
  /** The model's strides, in the order of its per-stride outputs. */
  static final int[] STRIDES = {8, 16, 32};

  private YuNetOutputs() {}

  /** One stride's outputs, flattened: cls and obj one value per cell, bbox four, kps ten. */
  record StrideOutput(int stride, float[] cls, float[] obj, float[] bbox, float[] kps) {}

  /**
   * The candidates scoring at least {@code scoreThreshold} whose box is at least {@code minSize}
   * wide and high, in the padded input's pixels.
   *
   * @param paddedWidth the network input's width, a multiple of 32
   * @param paddedHeight the network input's height, a multiple of 32
   */
  static List<DetectedFace> decode(List<StrideOutput> outputs, int paddedWidth, int paddedHeight, float scoreThreshold, float minSize) {
    List<DetectedFace> faces = new ArrayList<>();
    for (StrideOutput out : outputs) {
      int s = out.stride();
      int cols = paddedWidth / s;
      int rows = paddedHeight / s;
      if (out.cls().length != rows * cols || out.obj().length != rows * cols || out.bbox().length != 4 * rows * cols || out.kps().length != 10 * rows * cols) {
        throw new IllegalStateException("YuNet stride " + s + " outputs do not match a " + cols + "x" + rows + " grid");
      }
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          int i = r * cols + c;
          float score = (float) Math.sqrt(clamp01(out.cls()[i]) * clamp01(out.obj()[i]));
          if (score < scoreThreshold) {
            continue;
          }
          float w = (float) Math.exp(out.bbox()[4 * i + 2]) * s;
          float h = (float) Math.exp(out.bbox()[4 * i + 3]) * s;
          if (w < minSize || h < minSize) {
            continue;
          }
          float cx = (c + out.bbox()[4 * i]) * s;
          float cy = (r + out.bbox()[4 * i + 1]) * s;
          float[] landmarks = new float[2 * Landmarks.COUNT];
          for (int k = 0; k < Landmarks.COUNT; k++) {
            landmarks[2 * k] = (out.kps()[10 * i + 2 * k] + c) * s;
            landmarks[2 * k + 1] = (out.kps()[10 * i + 2 * k + 1] + r) * s;
          }
          faces.add(new DetectedFace(new BoundingBox(cx - w / 2f, cy - h / 2f, w, h), new Landmarks(landmarks), score));
        }
      }
    }
    return faces;
  }

  private static float clamp01(float v) {
    return Math.min(1f, Math.max(0f, v));
  }
}
