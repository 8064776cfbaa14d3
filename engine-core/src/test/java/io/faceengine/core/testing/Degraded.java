package io.faceengine.core.testing;

import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.faceengine.core.eval.HardFaces;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.image.ImageEncoder;
import io.faceengine.core.image.ImageFormat;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Real LFW portraits made poor on purpose, for the quality gate's tests: each returns PNG bytes (no
 * JPEG artefacts added). LFW portraits are 250x250 with the face, about 95 pixels wide, at the centre.
 */
public final class Degraded {
  /** Gaussian blur of this sigma (pixels of the 250x250 image): the face's detail is gone, the face still found. */
  public static final double BLUR_SIGMA = 5;
  /** The whole image scaled by this: its face becomes about 20 pixels wide. */
  public static final double SHRINK = 0.22;
  /** Turned by this many degrees about the centre (the face's): a strong roll. */
  public static final double ROTATION = 45;

  private Degraded() {}

  public static byte[] blurred(Path lfwImage) throws IOException {
    try (BgrImage image = decode(lfwImage); Mat out = new Mat(); Size kernel = new Size(0, 0)) {
      GaussianBlur(image.mat(), out, kernel, BLUR_SIGMA);
      return png(out, lfwImage);
    }
  }

  public static byte[] shrunk(Path lfwImage) throws IOException {
    try (BgrImage image = decode(lfwImage); Mat out = new Mat();
        Size size = new Size((int) Math.round(image.width() * SHRINK), (int) Math.round(image.height() * SHRINK))) {
      resize(image.mat(), out, size, 0, 0, INTER_AREA);
      return png(out, lfwImage);
    }
  }

  public static byte[] rotated(Path lfwImage) throws IOException {
    try (BgrImage image = decode(lfwImage)) {
      HardFaces.Variant turned = HardFaces.rotated(image.mat(), image.width() / 2.0, image.height() / 2.0, ROTATION);
      try (Mat out = turned.image()) {
        return png(out, lfwImage);
      }
    }
  }

  /**
   * Writes an LFW portrait into {@code folder} twice, as {@code sharp.jpg} and blurred as
   * {@code blurred.png}; returns the original.
   */
  public static Path writeSharpAndBlurred(Path folder) throws IOException {
    Path sharp = SharedTestData.lfw("Colin_Powell", 1);
    java.nio.file.Files.createDirectories(folder);
    java.nio.file.Files.copy(sharp, folder.resolve("sharp.jpg"));
    java.nio.file.Files.write(folder.resolve("blurred.png"), blurred(sharp));
    return sharp;
  }

  private static BgrImage decode(Path file) throws IOException {
    return new ImageDecoder(40_000_000L).decode(file);
  }

  private static byte[] png(Mat mat, Path source) {
    try (BgrImage out = new BgrImage(mat.clone(), source + " (degraded)")) {
      return ImageEncoder.encode(out, ImageFormat.PNG);
    }
  }
}
