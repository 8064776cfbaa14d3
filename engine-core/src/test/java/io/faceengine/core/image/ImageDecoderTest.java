package io.faceengine.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.image.InvalidImageException.Reason;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  private static final int[] BLUE = {255, 0, 0};
  private static final int[] GREEN = {0, 255, 0};
  private static final int[] RED = {0, 0, 255};
  private static final int[] WHITE = {255, 255, 255};

  private final ImageDecoder decoder = new ImageDecoder();

  @TempDir Path dir;

  @Test
  void decodesLfwJpeg() throws IOException {
    Path file = SharedTestData.lfw("Tara_Reid", 1);
    try (BgrImage image = decoder.decode(file)) {
      assertEquals(250, image.width());
      assertEquals(250, image.height());
      assertEquals(file.toString(), image.source());
    }
  }

  static Stream<Arguments> colourEncodings() {
    return Stream.of(
        Arguments.of(".jpg", new int[0], 12),
        Arguments.of(".png", new int[0], 0),
        Arguments.of(".bmp", new int[0], 0),
        Arguments.of(".webp", new int[] {IMWRITE_WEBP_QUALITY, 101}, 0),
        Arguments.of(".webp", new int[] {IMWRITE_WEBP_QUALITY, 90}, 12),
        Arguments.of(".tiff", new int[0], 0));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("colourEncodings")
  void decodesEachFormatToBgrWithColoursInPlace(String extension, int[] params, int tolerance) throws IOException {
    Path file;
    try (Mat quadrants = quadrants()) {
      file = write("quadrants" + extension, Fixtures.encode(quadrants, extension, params));
    }
    try (BgrImage image = decoder.decode(file)) {
      assertEquals(64, image.width());
      assertEquals(48, image.height());
      assertPixel(BLUE, pixel(image.mat(), 16, 12), tolerance);
      assertPixel(GREEN, pixel(image.mat(), 48, 12), tolerance);
      assertPixel(RED, pixel(image.mat(), 16, 36), tolerance);
      assertPixel(WHITE, pixel(image.mat(), 48, 36), tolerance);
    }
  }

  /** 16-bit samples must be scaled (0x1234 -> 0x12), not truncated to their low byte (0x34) nor saturated (255). */
  @ParameterizedTest
  @ValueSource(strings = {".png", ".tiff"})
  void sixteenBitColourIsScaledToEightBits(String extension) throws IOException {
    try (Mat deep = new Mat(8, 8, CV_16UC3, new Scalar(0x1234, 0xFFFF, 0, 0))) {
      try (BgrImage image = decoder.decode(write("deep" + extension, Fixtures.encode(deep, extension)))) {
        assertPixel(new int[] {0x12, 255, 0}, pixel(image.mat(), 3, 3), 1);
      }
    }
  }

  @Test
  void sixteenBitGreyIsScaledAndExpanded() throws IOException {
    try (Mat deepGrey = new Mat(8, 8, CV_16UC1, new Scalar(0xC000))) {
      try (BgrImage image = decoder.decode(write("deep-grey.png", Fixtures.encode(deepGrey, ".png")))) {
        assertPixel(new int[] {0xC0, 0xC0, 0xC0}, pixel(image.mat(), 3, 3), 1);
      }
    }
  }

  @Test
  void greyBecomesThreeEqualChannels() throws IOException {
    try (Mat grey = new Mat(8, 8, CV_8UC1, new Scalar(77))) {
      try (BgrImage image = decoder.decode(write("grey.png", Fixtures.encode(grey, ".png")))) {
        assertArrayEquals(new int[] {77, 77, 77}, pixel(image.mat(), 3, 3));
      }
    }
  }

  @Test
  void alphaIsDroppedKeepingColour() throws IOException {
    try (Mat bgra = new Mat(8, 8, CV_8UC4, new Scalar(10, 20, 30, 255))) {
      bgra.apply(new Rect(0, 0, 4, 8)).put(new Scalar(40, 50, 60, 0)); // left half fully transparent
      try (BgrImage image = decoder.decode(write("alpha.png", Fixtures.encode(bgra, ".png")))) {
        assertArrayEquals(new int[] {40, 50, 60}, pixel(image.mat(), 1, 3));
        assertArrayEquals(new int[] {10, 20, 30}, pixel(image.mat(), 6, 3));
      }
    }
  }

  /**
   * A 40x20 JPEG with a red block in its top-left corner, tagged with an EXIF orientation: the
   * decoded image must be the one a viewer shows (EXIF 6 = rotate 90 degrees clockwise, 8 = 90
   * counter-clockwise, 3 = 180).
   */
  @ParameterizedTest(name = "orientation {0}")
  @MethodSource("orientations")
  void exifOrientationIsApplied(int orientation, int width, int height, int redX, int redY) throws IOException {
    byte[] jpeg;
    try (Mat image = new Mat(20, 40, CV_8UC3, new Scalar(0, 0, 0, 0))) {
      image.apply(new Rect(0, 0, 10, 10)).put(new Scalar(0, 0, 255, 0));
      jpeg = Fixtures.withExifOrientation(Fixtures.encode(image, ".jpg"), orientation);
    }
    try (BgrImage image = decoder.decode(write("exif-" + orientation + ".jpg", jpeg))) {
      assertEquals(width, image.width());
      assertEquals(height, image.height());
      assertPixel(RED, pixel(image.mat(), redX, redY), 40);
    }
  }

  static Stream<Arguments> orientations() {
    return Stream.of(
        Arguments.of(1, 40, 20, 3, 3),
        Arguments.of(3, 40, 20, 36, 16),
        Arguments.of(6, 20, 40, 16, 3),
        Arguments.of(8, 20, 40, 3, 36));
  }

  @Test
  void emptyFileIsEmpty() throws IOException {
    Path file = write("empty.jpg", new byte[0]);
    InvalidImageException e = assertRejected(Reason.EMPTY, file);
    assertEquals(file + ": empty input", e.getMessage());
    assertEquals(file.toString(), e.input());
  }

  @Test
  void textFileNamedJpgIsUnsupported() throws IOException {
    Path file = write("notes.jpg", "Shopping list: milk, eggs, bread.\n".getBytes());
    assertRejected(Reason.UNSUPPORTED_FORMAT, file);
  }

  @Test
  void otherImageFormatsAreUnsupported() throws IOException {
    try (Mat image = new Mat(8, 8, CV_8UC3, new Scalar(1, 2, 3, 0))) {
      assertRejected(Reason.UNSUPPORTED_FORMAT, write("image.ppm", Fixtures.encode(image, ".ppm")));
    }
  }

  @Test
  void missingFileIsAnIoError() {
    assertThrows(NoSuchFileException.class, () -> decoder.decode(dir.resolve("absent.jpg")));
  }

  /** Cut-off JPEGs: in the middle of the scan, just before EOI, and a progressive one between scans. */
  @Test
  void truncatedJpegIsTruncated() throws IOException {
    byte[] jpeg = Files.readAllBytes(SharedTestData.lfw("Tara_Reid", 1));
    assertRejected(Reason.TRUNCATED, write("half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2)));
    assertRejected(Reason.TRUNCATED, write("no-eoi.jpg", Arrays.copyOf(jpeg, jpeg.length - 2)));
    assertRejected(Reason.TRUNCATED, write("header-only.jpg", Arrays.copyOf(jpeg, 300)));
    byte[] progressive;
    try (BgrImage image = decoder.decode(jpeg, "lfw")) {
      progressive = Fixtures.encode(image.mat(), ".jpg", IMWRITE_JPEG_PROGRESSIVE, 1);
    }
    assertRejected(Reason.TRUNCATED, write("progressive.jpg", Arrays.copyOf(progressive, progressive.length * 2 / 3)));
  }

  @Test
  void jpegWithDataAfterEndOfImageIsAccepted() throws IOException {
    byte[] jpeg = Files.readAllBytes(SharedTestData.lfw("Tara_Reid", 1));
    byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 100); // zero padding, as some cameras write
    try (BgrImage image = decoder.decode(write("padded.jpg", padded))) {
      assertEquals(250, image.width());
    }
  }

  /** The TIFF case relies on libtiff writing its directory after the strips, so the header points past the cut. */
  @ParameterizedTest
  @ValueSource(strings = {".png", ".webp", ".bmp", ".tiff"})
  void truncatedImagesAreTruncated(String extension) throws IOException {
    byte[] data;
    try (Mat quadrants = quadrants()) {
      data = Fixtures.encode(quadrants, extension);
    }
    assertRejected(Reason.TRUNCATED, write("cut" + extension, Arrays.copyOf(data, data.length - 10)));
  }

  /** A TIFF laid out directory-first, as some writers do, whose only strip lies past the end of the file. */
  @Test
  void tiffWithMissingStripIsTruncated() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 4 * 12 + 4);
    b.put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 4);
    b.putShort((short) 256).putShort((short) 3).putInt(1).putShort((short) 10).putShort((short) 0);
    b.putShort((short) 257).putShort((short) 3).putInt(1).putShort((short) 10).putShort((short) 0);
    b.putShort((short) 273).putShort((short) 4).putInt(1).putInt(62); // StripOffsets: right after the directory
    b.putShort((short) 279).putShort((short) 4).putInt(1).putInt(300); // StripByteCounts: 10x10x3, absent
    assertRejected(Reason.TRUNCATED, write("cut-strip.tiff", b.array()));
  }

  @Test
  void jpegDeclaringHugeDimensionsIsRefusedBeforeDecoding() throws IOException {
    byte[] jpeg = Files.readAllBytes(SharedTestData.lfw("Tara_Reid", 1));
    int sof = Fixtures.jpegStartOfFrame(jpeg);
    Fixtures.putU16BigEndian(jpeg, sof + 5, 60000);
    Fixtures.putU16BigEndian(jpeg, sof + 7, 60000);
    InvalidImageException e = assertRejected(Reason.TOO_MANY_PIXELS, write("bomb.jpg", jpeg));
    assertTrue(e.getMessage().contains("60000x60000"), e.getMessage());
  }

  @Test
  void pngDeclaringHugeDimensionsIsRefusedBeforeDecoding() throws IOException {
    byte[] png;
    try (Mat quadrants = quadrants()) {
      png = Fixtures.encode(quadrants, ".png");
    }
    ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000); // IHDR; its CRC is never checked
    assertRejected(Reason.TOO_MANY_PIXELS, write("bomb.png", png));
  }

  /** A 100x100 PNG whose image data inflates to 256 MiB: refused before OpenCV (libpng) inflates it all. */
  @Test
  void pngWhoseDataInflatesFarBeyondItsHeaderIsABomb() throws IOException {
    InvalidImageException e = assertRejected(Reason.DECOMPRESSION_BOMB, write("bomb.png", Fixtures.pngBomb(100, 100,
        256L << 20)));
    assertTrue(e.getMessage().contains("100x100"), e.getMessage());
  }

  /** The inflation check's arithmetic holds for the PNG variants: interlaced (Adam7), palette, 1-bit, grey with alpha. */
  @ParameterizedTest
  @ValueSource(ints = {java.awt.image.BufferedImage.TYPE_3BYTE_BGR, java.awt.image.BufferedImage.TYPE_BYTE_INDEXED,
      java.awt.image.BufferedImage.TYPE_BYTE_BINARY, java.awt.image.BufferedImage.TYPE_INT_ARGB})
  void pngVariantsPassTheInflationCheck(int type) throws IOException {
    for (boolean interlaced : new boolean[] {false, true}) {
      java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(67, 45, type);
      java.awt.Graphics2D g = image.createGraphics();
      g.setColor(java.awt.Color.RED);
      g.fillRect(0, 0, 30, 20);
      g.dispose();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
      javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(interlaced ? javax.imageio.ImageWriteParam.MODE_DEFAULT
          : javax.imageio.ImageWriteParam.MODE_DISABLED);
      try (var stream = javax.imageio.ImageIO.createImageOutputStream(out)) {
        writer.setOutput(stream);
        writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
      }
      writer.dispose();
      byte[] png = out.toByteArray();
      assertEquals(interlaced ? 1 : 0, png[28], "IHDR's interlace method");
      try (BgrImage decoded = decoder.decode(png, "variant.png")) {
        assertEquals(67, decoded.width());
      }
    }
  }

  /** Real, small files of a 2000x1000 canvas in every format, against a 1-megapixel limit. */
  @ParameterizedTest
  @ValueSource(strings = {".jpg", ".png", ".bmp", ".webp", ".tiff"})
  void pixelLimitHoldsForEveryFormat(String extension) throws IOException {
    Path file;
    try (Mat large = new Mat(1000, 2000, CV_8UC3, new Scalar(0, 0, 0, 0))) {
      file = write("large" + extension, Fixtures.encode(large, extension));
    }
    InvalidImageException e = assertThrows(InvalidImageException.class, () -> new ImageDecoder(1_999_999).decode(file));
    assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    try (BgrImage image = new ImageDecoder(2_000_000).decode(file)) {
      assertEquals(2000, image.width());
    }
  }

  private InvalidImageException assertRejected(Reason reason, Path file) {
    InvalidImageException e = assertThrows(InvalidImageException.class, () -> decoder.decode(file).close());
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(file.toString(), e.input());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    return e;
  }

  private Path write(String name, byte[] data) throws IOException {
    return Files.write(dir.resolve(name), data);
  }

  /** 64x48: blue, green / red, white quadrants. */
  private static Mat quadrants() {
    Mat image = new Mat(48, 64, CV_8UC3, new Scalar(255, 255, 255, 0));
    image.apply(new Rect(0, 0, 32, 24)).put(new Scalar(255, 0, 0, 0));
    image.apply(new Rect(32, 0, 32, 24)).put(new Scalar(0, 255, 0, 0));
    image.apply(new Rect(0, 24, 32, 24)).put(new Scalar(0, 0, 255, 0));
    return image;
  }

  private static int[] pixel(Mat image, int x, int y) {
    var p = image.ptr(y, x);
    return new int[] {p.get(0) & 0xFF, p.get(1) & 0xFF, p.get(2) & 0xFF};
  }

  private static void assertPixel(int[] expected, int[] actual, int tolerance) {
    for (int c = 0; c < 3; c++) {
      assertTrue(Math.abs(expected[c] - actual[c]) <= tolerance,
          "expected " + Arrays.toString(expected) + " +-" + tolerance + ", got " + Arrays.toString(actual));
    }
  }
}
