package io.faceengine.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;

import io.faceengine.core.testing.SharedTestData;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The image files of the bad-input catalogue (the table in {@code docs/reliability.md}), built at
 * test time from one LFW face with OpenCV, Java ImageIO or bytes written by hand: odd but valid
 * encodings of the face, other formats, cut, forged and polyglot files. Each has a kind (the
 * table's key) and a file name whose extension is the one a user would meet it under.
 */
public final class BadImages {
  /** A file of the catalogue. */
  public record BadImage(String kind, String fileName, byte[] bytes) {}

  private static final String PERSON = "Tara_Reid";

  private BadImages() {}

  /** Every image file of the catalogue, built from {@code Tara_Reid_0001.jpg}. */
  public static List<BadImage> all() throws IOException {
    byte[] jpeg = Files.readAllBytes(SharedTestData.lfw(PERSON, 1));
    BufferedImage face = ImageIO.read(SharedTestData.lfw(PERSON, 1).toFile());
    List<BadImage> files = new ArrayList<>();
    try (BgrImage decoded = new ImageDecoder().decode(jpeg, PERSON)) {
      Mat bgr = decoded.mat();
      byte[] png = Fixtures.encode(bgr, ".png");
      // Valid but unusual encodings of the face.
      files.add(new BadImage("progressive-jpeg", "progressive.jpg", Fixtures.encode(bgr, ".jpg", IMWRITE_JPEG_PROGRESSIVE, 1)));
      files.add(new BadImage("cmyk-jpeg", "cmyk.jpg", cmykJpeg(face)));
      files.add(new BadImage("grey-jpeg", "grey.jpg", imageIo(convert(face, BufferedImage.TYPE_BYTE_GRAY), "jpeg")));
      files.add(new BadImage("16-bit-png", "16-bit.png", sixteenBitPng(bgr)));
      files.add(new BadImage("palette-png", "palette.png", imageIo(convert(face, BufferedImage.TYPE_BYTE_INDEXED), "png")));
      files.add(new BadImage("exif-orientation-9", "orientation-9.jpg", Fixtures.withExifOrientation(jpeg, 9)));
      files.add(new BadImage("one-pixel", "one-pixel.png", solidPng(1, 1)));
      files.add(new BadImage("extreme-aspect", "20000x2.png", solidPng(20_000, 2)));
      // Forged headers.
      files.add(new BadImage("jpeg-claims-60000x60000", "claims-60000x60000.jpg", jpegClaiming(jpeg, 60_000, 60_000)));
      files.add(new BadImage("png-claims-60000x60000", "claims-60000x60000.png", pngClaiming(png, 60_000, 60_000)));
      files.add(new BadImage("webp-claims-16383x16383", "claims-16383x16383.webp",
          webpClaiming(Fixtures.encode(bgr, ".webp", IMWRITE_WEBP_QUALITY, 90), 16_383, 16_383)));
      files.add(new BadImage("bmp-claims-60000x60000", "claims-60000x60000.bmp", bmpClaiming(Fixtures.encode(bgr,
          ".bmp"), 60_000, 60_000)));
      files.add(new BadImage("jpeg-claims-0x0", "claims-0x0.jpg", jpegClaiming(jpeg, 0, 0)));
      files.add(new BadImage("png-bomb", "bomb.png", Fixtures.pngBomb(100, 100, 64L << 20)));
      files.add(new BadImage("png-bad-crc", "bad-crc.png", withBadCrc(png)));
      // Cut files.
      files.add(new BadImage("empty-file", "empty.jpg", new byte[0]));
      files.add(new BadImage("truncated-jpeg", "truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2)));
      files.add(new BadImage("jpeg-header-only", "header-only.jpg", Arrays.copyOf(jpeg, 300)));
      files.add(new BadImage("truncated-png", "truncated.png", Arrays.copyOf(png, png.length - 10)));
      byte[] tiff = Fixtures.encode(bgr, ".tiff");
      files.add(new BadImage("truncated-tiff", "truncated.tiff", Arrays.copyOf(tiff, tiff.length / 2)));
      files.add(new BadImage("jpeg-magic-then-noise", "noise.jpg", jpegMagicThenNoise()));
      // Other formats, and wrong extensions.
      files.add(new BadImage("animated-gif", "animated.gif", animatedGif(face)));
      files.add(new BadImage("gif-named-jpg", "gif.jpg", animatedGif(face)));
      files.add(new BadImage("animated-webp", "animated.webp", animatedWebp(Fixtures.encode(bgr, ".webp",
          IMWRITE_WEBP_QUALITY, 101))));
      files.add(new BadImage("heic", "photo.heic", heic()));
      files.add(new BadImage("heic-named-jpg", "heic.jpg", heic()));
      files.add(new BadImage("text-named-jpg", "notes.jpg", "Shopping list: milk, eggs.\n".getBytes(StandardCharsets.UTF_8)));
      files.add(new BadImage("svg-billion-laughs", "laughs.png", billionLaughsSvg()));
      files.add(new BadImage("png-named-jpg", "png.jpg", png));
      files.add(new BadImage("jpeg-named-txt", "jpeg.txt", jpeg));
      // Polyglots.
      files.add(new BadImage("jpeg-zip-polyglot", "jpeg-zip.jpg", concat(jpeg, zip())));
      files.add(new BadImage("png-html-polyglot", "png-html.png", concat(png,
          "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8))));
      files.add(new BadImage("pdf-jpeg-polyglot", "pdf-jpeg.jpg", concat(
          "%PDF-1.4\n1 0 obj << /Type /XObject /Subtype /Image /Filter /DCTDecode >> stream\n"
              .getBytes(StandardCharsets.US_ASCII), jpeg)));
    }
    return files;
  }

  private static byte[] imageIo(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IllegalStateException("ImageIO has no " + format + " writer for " + image);
    }
    return out.toByteArray();
  }

  private static BufferedImage convert(BufferedImage image, int type) {
    BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(), type);
    converted.createGraphics().drawImage(image, 0, 0, null);
    return converted;
  }

  /** A 4-component (CMYK, Adobe-inverted as Photoshop writes it) JPEG of the image, through ImageIO's raster path. */
  private static byte[] cmykJpeg(BufferedImage rgb) throws IOException {
    WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
        rgb.getWidth(), rgb.getHeight(), 4, null);
    for (int y = 0; y < rgb.getHeight(); y++) {
      for (int x = 0; x < rgb.getWidth(); x++) {
        int p = rgb.getRGB(x, y);
        int r = p >> 16 & 0xFF;
        int g = p >> 8 & 0xFF;
        int b = p & 0xFF;
        int k = 255 - Math.max(r, Math.max(g, b));
        int c = k == 255 ? 0 : (255 - r - k) * 255 / (255 - k);
        int m = k == 255 ? 0 : (255 - g - k) * 255 / (255 - k);
        int yy = k == 255 ? 0 : (255 - b - k) * 255 / (255 - k);
        cmyk.setPixel(x, y, new int[] {255 - c, 255 - m, 255 - yy, 255 - k});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(cmyk, null, null), writer.getDefaultWriteParam());
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static byte[] sixteenBitPng(Mat bgr) {
    try (Mat wide = new Mat()) {
      bgr.convertTo(wide, CV_16UC3, 257, 0);
      return Fixtures.encode(wide, ".png");
    }
  }

  private static byte[] solidPng(int width, int height) {
    try (Mat image = new Mat(height, width, CV_8UC3, new Scalar(128, 128, 128, 0))) {
      return Fixtures.encode(image, ".png");
    }
  }

  private static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
    byte[] forged = jpeg.clone();
    int sof = Fixtures.jpegStartOfFrame(forged);
    Fixtures.putU16BigEndian(forged, sof + 5, height);
    Fixtures.putU16BigEndian(forged, sof + 7, width);
    return forged;
  }

  /** IHDR's width and height; its CRC is left as it was. */
  private static byte[] pngClaiming(byte[] png, int width, int height) {
    byte[] forged = png.clone();
    ByteBuffer.wrap(forged).putInt(16, width).putInt(20, height);
    return forged;
  }

  /** A lossy WebP's VP8 frame header: 14-bit width and height after the start code. */
  private static byte[] webpClaiming(byte[] webp, int width, int height) {
    byte[] forged = webp.clone();
    ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN).putShort(26, (short) width).putShort(28, (short) height);
    return forged;
  }

  private static byte[] bmpClaiming(byte[] bmp, int width, int height) {
    byte[] forged = bmp.clone();
    ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN).putInt(18, width).putInt(22, height);
    return forged;
  }

  /** The first chunk's CRC (IHDR's) inverted. */
  private static byte[] withBadCrc(byte[] png) {
    byte[] bad = png.clone();
    for (int i = 29; i < 33; i++) {
      bad[i] ^= (byte) 0xFF;
    }
    return bad;
  }

  private static byte[] jpegMagicThenNoise() {
    byte[] noise = new byte[20_000];
    new Random(14).nextBytes(noise);
    noise[0] = (byte) 0xFF;
    noise[1] = (byte) 0xD8;
    noise[2] = (byte) 0xFF;
    return noise;
  }

  /** Two frames (the face, then its negative), looping, through ImageIO's GIF writer. */
  private static byte[] animatedGif(BufferedImage face) throws IOException {
    BufferedImage negative = convert(face, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < negative.getHeight(); y++) {
      for (int x = 0; x < negative.getWidth(); x++) {
        negative.setRGB(x, y, ~negative.getRGB(x, y));
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      for (BufferedImage frame : List.of(convert(face, BufferedImage.TYPE_INT_RGB), negative)) {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", "50");
        control.setAttribute("transparentColorIndex", "0");
        root.appendChild(control);
        metadata.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(frame, null, metadata), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /**
   * An animated WebP (VP8X with the animation flag, ANIM, two ANMF frames) whose frames are the
   * still lossless WebP's VP8L chunk.
   */
  private static byte[] animatedWebp(byte[] still) {
    ByteBuffer in = ByteBuffer.wrap(still).order(ByteOrder.LITTLE_ENDIAN);
    if (!new String(still, 12, 4, StandardCharsets.US_ASCII).equals("VP8L")) {
      throw new IllegalStateException("expected a lossless WebP");
    }
    byte[] frame = Arrays.copyOfRange(still, 12, 20 + in.getInt(16) + (in.getInt(16) & 1));
    int bits = in.getInt(21);
    int width = (bits & 0x3FFF) + 1;
    int height = (bits >>> 14 & 0x3FFF) + 1;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(riffChunk("VP8X", ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x02)
        .put(new byte[3]).put(u24(width - 1)).put(u24(height - 1)).array()));
    body.writeBytes(riffChunk("ANIM", new byte[6]));
    for (int i = 0; i < 2; i++) {
      ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put(u24(0)).put(u24(0))
          .put(u24(width - 1)).put(u24(height - 1)).put(u24(100)).put((byte) 0);
      body.writeBytes(riffChunk("ANMF", concat(header.array(), frame)));
    }
    return riffChunk("RIFF", body.toByteArray());
  }

  private static byte[] riffChunk(String fourcc, byte[] data) {
    ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    chunk.put(fourcc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
    return chunk.array();
  }

  private static byte[] u24(int value) {
    return new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16)};
  }

  /** The start of an HEIF file as phones write it: an ISO-BMFF ftyp box of brand heic, then a meta box. */
  private static byte[] heic() {
    ByteBuffer b = ByteBuffer.allocate(4096);
    b.putInt(24).put("ftypheic".getBytes(StandardCharsets.US_ASCII)).putInt(0)
        .put("mif1heic".getBytes(StandardCharsets.US_ASCII));
    b.putInt(4096 - 24).put("meta".getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  private static byte[] billionLaughsSvg() {
    StringBuilder svg = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY l0 \"lol\">\n");
    for (int i = 1; i < 10; i++) {
      svg.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    svg.append("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&l9;</text></svg>\n");
    return svg.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] zip() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("payload.txt"));
      zip.write("a file hidden after the JPEG's end".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
