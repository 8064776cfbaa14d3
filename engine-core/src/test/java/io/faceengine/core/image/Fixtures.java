package io.faceengine.core.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Builds encoded test images in memory with OpenCV, and edits their headers by hand. */
public final class Fixtures {
  private Fixtures() {}

  /** The image encoded in the format of {@code extension} (e.g. ".png"), with OpenCV's imencode parameters. */
  public static byte[] encode(Mat image, String extension, int... params) {
    try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(params)) {
      if (!imencode(extension, image, out, p)) {
        throw new IllegalStateException("OpenCV could not encode " + extension);
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  /**
   * The JPEG with an EXIF APP1 segment inserted after SOI that holds only an Orientation tag
   * (0x0112, SHORT) in IFD0, in big-endian TIFF layout.
   */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M', 'M', 0, 42, 0, 0, 0, 8, // header: big-endian, IFD0 at offset 8
      0, 1, // one entry
      0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, count 1, value left-justified
      0, 0, 0, 0 // no next IFD
    };
    int length = 2 + 6 + tiff.length; // the length field counts itself, "Exif\0\0" and the TIFF block
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length, 'E', 'x', 'i', 'f', 0, 0});
    out.writeBytes(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** Writes a big-endian 16-bit value at {@code offset}. */
  public static void putU16BigEndian(byte[] data, int offset, int value) {
    data[offset] = (byte) (value >> 8);
    data[offset + 1] = (byte) value;
  }

  /** Offset of the first SOFn marker (FF C0..CF, not C4/C8/CC) in a JPEG. */
  public static int jpegStartOfFrame(byte[] jpeg) {
    for (int i = 2; i + 1 < jpeg.length; i++) {
      int m = jpeg[i + 1] & 0xFF;
      if ((jpeg[i] & 0xFF) == 0xFF && m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
        return i;
      }
    }
    throw new IllegalArgumentException("no SOF marker");
  }

  /**
   * A valid RGB PNG of {@code width x height} whose single IDAT stream holds the image's rows and
   * then {@code extraBytes} more zeros: small on disk, huge once inflated.
   */
  public static byte[] pngBomb(int width, int height, long extraBytes) throws java.io.IOException {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
    try (var zlib = new java.util.zip.DeflaterOutputStream(idat, deflater, 1 << 16)) {
      byte[] zeros = new byte[1 << 20];
      zlib.write(new byte[height * (1 + width * 3)]);
      for (long left = extraBytes; left > 0; left -= zeros.length) {
        zlib.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
    } finally {
      deflater.end();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0).array());
    chunk(png, "IDAT", idat.toByteArray());
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(typeBytes);
    crc.update(data);
    png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    png.writeBytes(typeBytes);
    png.writeBytes(data);
    png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
