package io.faceengine.core.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.faceengine.core.image.BgrImage;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A detector that gives an image a second chance: when the first pass finds no face, the second
 * detector (another YuNet variant, or the same model with a lower score threshold) looks at the
 * image {@code upscale} times larger than the first pass did, and its faces are returned instead.
 * Small faces become large enough for YuNet, and a profile or tilted face scoring just under the
 * first threshold can pass the second. When the first pass finds a face, the second never runs.
 *
 * <p>"Larger" is relative to what the first pass saw: an image within the first pass's
 * {@code maxInputSide} is enlarged by {@code upscale}; a larger one is scaled down less (the second
 * detector's {@code maxInputSide} is {@code upscale} times the first's). Faces are returned in the
 * source image's pixels, and the first pass's minimum face size applies to them.
 *
 * <p>Thread-safe when both detectors are. Owns both: {@link #close()} closes them.
 */
public final class SecondPassDetector implements FaceDetector {
  private final FaceDetector first;
  private final FaceDetector second;
  private final float upscale;
  private final int firstMaxInputSide;
  private final int minFaceSize;
  private final AtomicLong secondPasses = new AtomicLong();

  /**
   * @param first the usual detector
   * @param second the second pass; its {@code maxInputSide} should be {@code upscale} times the
   *     first's and its {@code minFaceSize} 0 (the first's is applied to its faces here)
   * @param upscale how much larger the second pass looks at the image, at least 1
   * @param firstOptions the first pass's options (its maxInputSide and minFaceSize)
   */
  public SecondPassDetector(FaceDetector first, FaceDetector second, float upscale, DetectorOptions firstOptions) {
    this.first = Objects.requireNonNull(first, "first");
    this.second = Objects.requireNonNull(second, "second");
    if (!(upscale >= 1f && upscale <= 8f)) {
      throw new IllegalArgumentException("upscale must be in [1, 8], got " + upscale);
    }
    this.upscale = upscale;
    this.firstMaxInputSide = firstOptions.maxInputSide();
    this.minFaceSize = firstOptions.minFaceSize();
  }

  /** The second pass's options for a first pass's: {@code upscale} times the input side, its own threshold, no minimum size. */
  public static DetectorOptions secondOptions(DetectorOptions first, float upscale, float scoreThreshold) {
    return new DetectorOptions(scoreThreshold, first.nmsIouThreshold(), 0, Math.round(first.maxInputSide() * upscale),
        first.topK());
  }

  @Override
  public List<DetectedFace> detect(BgrImage image) {
    List<DetectedFace> faces = first.detect(image);
    if (!faces.isEmpty()) {
      return faces;
    }
    secondPasses.incrementAndGet();
    return secondPass(image);
  }

  /** The second pass alone, whatever the first would find: faces in the source image's pixels. */
  public List<DetectedFace> secondPass(BgrImage image) {
    List<DetectedFace> found;
    if (upscale > 1f && Math.max(image.width(), image.height()) <= firstMaxInputSide) {
      Mat enlarged = new Mat();
      try (Size size = new Size(Math.round(image.width() * upscale), Math.round(image.height() * upscale))) {
        resize(image.mat(), enlarged, size, 0, 0, INTER_LINEAR);
      }
      try (BgrImage large = new BgrImage(enlarged, image.source())) {
        found = second.detect(large).stream().map(face -> face.scaled(1f / upscale)).toList();
      }
    } else {
      found = second.detect(image);
    }
    return found.stream().filter(f -> f.box().width() >= minFaceSize && f.box().height() >= minFaceSize).toList();
  }

  /** Images the second pass has looked at so far (those where the first pass found no face). */
  public long secondPasses() {
    return secondPasses.get();
  }

  @Override
  public void close() {
    try {
      first.close();
    } finally {
      second.close();
    }
  }
}
