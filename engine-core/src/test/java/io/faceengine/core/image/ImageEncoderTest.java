package io.faceengine.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageEncoderTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"out.png, PNG", "OUT.PNG, PNG", "out.bmp, BMP", "out.tif, TIFF", "out.tiff, TIFF"})
  void losslessFormatsRoundTripExactly(String name, ImageFormat format) throws IOException {
    try (BgrImage image = sample(); BgrImage back = writeAndRead(image, name)) {
      assertEquals(format, ImageHeaderReader.read(Files.readAllBytes(dir.resolve(name)), name).format());
      assertEquals(0, differingPixels(image, back));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"out.jpg", "out.jpeg", "out.webp"})
  void lossyFormatsKeepTheSize(String name) throws IOException {
    try (BgrImage image = sample(); BgrImage back = writeAndRead(image, name)) {
      assertEquals(image.width(), back.width());
      assertEquals(image.height(), back.height());
    }
  }

  @Test
  void refusesNamesWithoutAnImageExtension() {
    try (BgrImage image = sample()) {
      assertThrows(IllegalArgumentException.class, () -> ImageEncoder.write(image, dir.resolve("out.txt")));
      assertThrows(IllegalArgumentException.class, () -> ImageEncoder.write(image, dir.resolve("out")));
    }
  }

  private BgrImage writeAndRead(BgrImage image, String name) throws IOException {
    Path file = dir.resolve(name);
    ImageEncoder.write(image, file);
    return new ImageDecoder().decode(file);
  }

  private static BgrImage sample() {
    Mat mat = new Mat(30, 40, CV_8UC3, new Scalar(10, 200, 30, 0));
    mat.apply(new Rect(5, 5, 10, 10)).put(new Scalar(250, 0, 120, 0));
    return new BgrImage(mat, "sample");
  }

  private static int differingPixels(BgrImage a, BgrImage b) {
    try (Mat diff = new Mat()) {
      absdiff(a.mat(), b.mat(), diff);
      return countNonZero(diff.reshape(1, 0));
    }
  }
}
