package io.faceengine.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceengine.core.image.InvalidImageException.Reason;
import io.faceengine.core.testing.SharedTestData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageHeaderReaderTest {
  private static final int WIDTH = 123;
  private static final int HEIGHT = 45;

  /** Every header variant OpenCV writes, on a non-square image so that width and height cannot be swapped unnoticed. */
  static Stream<Arguments> encodings() {
    try (Mat bgr = new Mat(HEIGHT, WIDTH, CV_8UC3, new Scalar(10, 20, 30, 0));
        Mat bgra = new Mat(HEIGHT, WIDTH, CV_8UC4, new Scalar(10, 20, 30, 128))) {
      return Stream.of(
          Arguments.of("baseline JPEG (SOF0)", ImageFormat.JPEG, Fixtures.encode(bgr, ".jpg")),
          Arguments.of("progressive JPEG (SOF2)", ImageFormat.JPEG, Fixtures.encode(bgr, ".jpg", IMWRITE_JPEG_PROGRESSIVE, 1)),
          Arguments.of("PNG", ImageFormat.PNG, Fixtures.encode(bgr, ".png")),
          Arguments.of("BMP", ImageFormat.BMP, Fixtures.encode(bgr, ".bmp")),
          Arguments.of("lossy WebP (VP8)", ImageFormat.WEBP, Fixtures.encode(bgr, ".webp", IMWRITE_WEBP_QUALITY, 90)),
          Arguments.of("lossless WebP (VP8L)", ImageFormat.WEBP, Fixtures.encode(bgr, ".webp", IMWRITE_WEBP_QUALITY, 101)),
          Arguments.of("lossy WebP with alpha (VP8X)", ImageFormat.WEBP, Fixtures.encode(bgra, ".webp", IMWRITE_WEBP_QUALITY, 90)),
          Arguments.of("little-endian TIFF", ImageFormat.TIFF, Fixtures.encode(bgr, ".tiff")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void readsFormatAndSizeOfOpenCvOutput(String name, ImageFormat format, byte[] data) {
    assertEquals(new ImageHeader(format, WIDTH, HEIGHT), ImageHeaderReader.read(data, name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void headerCutShortIsTruncated(String name, ImageFormat format, byte[] data) {
    // 20 bytes are enough to recognise every format (BMP needs 18) but never enough to hold its dimensions.
    InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageHeaderReader.read(Arrays.copyOf(data, 20), name));
    assertEquals(Reason.TRUNCATED, e.reason());
  }

  @Test
  void readsLfwJpeg() throws Exception {
    byte[] data = Files.readAllBytes(SharedTestData.lfw("Tara_Reid", 1));
    assertEquals(new ImageHeader(ImageFormat.JPEG, 250, 250), ImageHeaderReader.read(data, "lfw"));
  }

  @Test
  void readsBigEndianTiffWithShortAndLongTags() {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 3 * 12 + 4).order(ByteOrder.BIG_ENDIAN);
    b.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    b.putShort((short) 3);
    b.putShort((short) 254).putShort((short) 4).putInt(1).putInt(0); // NewSubfileType, ignored
    b.putShort((short) 256).putShort((short) 3).putInt(1).putShort((short) 3000).putShort((short) 0); // width, SHORT
    b.putShort((short) 257).putShort((short) 4).putInt(1).putInt(70000); // height, LONG
    assertEquals(new ImageHeader(ImageFormat.TIFF, 3000, 70000), ImageHeaderReader.read(b.array(), "be.tiff"));
  }

  @Test
  void readsOs2Bitmap() {
    ByteBuffer b = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'B', 'M'}).putInt(26).putInt(0).putInt(26);
    b.putInt(12).putShort((short) 640).putShort((short) 480);
    assertEquals(new ImageHeader(ImageFormat.BMP, 640, 480), ImageHeaderReader.read(b.array(), "os2.bmp"));
  }

  @Test
  void topDownBitmapHasPositiveHeight() {
    try (Mat bgr = new Mat(HEIGHT, WIDTH, CV_8UC3)) {
      byte[] data = Fixtures.encode(bgr, ".bmp");
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -HEIGHT);
      assertEquals(new ImageHeader(ImageFormat.BMP, WIDTH, HEIGHT), ImageHeaderReader.read(data, "top-down.bmp"));
    }
  }

  @Test
  void unknownDataIsUnsupported() {
    for (String text : new String[] {"just some text", "BM but not a bitmap", "x"}) {
      InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageHeaderReader.read(text.getBytes(), "notes.jpg"));
      assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
      assertEquals("notes.jpg: not a JPEG, PNG, BMP, WebP or TIFF image", e.getMessage());
    }
  }

  @Test
  void zeroSizeIsUnreadable() {
    try (Mat bgr = new Mat(HEIGHT, WIDTH, CV_8UC3)) {
      byte[] png = Fixtures.encode(bgr, ".png");
      ByteBuffer.wrap(png).putInt(16, 0); // IHDR width
      InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageHeaderReader.read(png, "zero.png"));
      assertEquals(Reason.UNREADABLE, e.reason());
    }
  }
}
