package io.faceengine.core.image;

import io.faceengine.core.image.InvalidImageException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an image's format and dimensions from its header without decoding any pixels, so that a
 * decompression bomb (a small file declaring a huge canvas) can be refused before a decoder
 * allocates memory for it. Covers exactly the formats of {@link ImageFormat}. Stateless.
 */
public final class ImageHeaderReader {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  /** The DIB header sizes of the BMP variants in use (OS/2 core, Windows V1 to V5). */
  private static final int[] BMP_DIB_SIZES = {12, 40, 52, 56, 64, 108, 124};

  private ImageHeaderReader() {}

  /**
   * The header of an encoded image.
   *
   * @param data the whole encoded file, or at least its first bytes up to the dimensions
   * @param input the input's name, for error messages
   * @throws InvalidImageException UNSUPPORTED_FORMAT when the data is none of the accepted formats,
   *     TRUNCATED when it ends inside the header, UNREADABLE when the header is malformed
   */
  public static ImageHeader read(byte[] data, String input) {
    ImageFormat format = sniff(data);
    if (format == null) {
      throw new InvalidImageException(input, Reason.UNSUPPORTED_FORMAT, "not a JPEG, PNG, BMP, WebP or TIFF image");
    }
    ByteBuffer bytes = ByteBuffer.wrap(data);
    int[] size;
    try {
      size = switch (format) {
        case JPEG -> jpeg(bytes, input);
        case PNG -> png(bytes);
        case BMP -> bmp(bytes);
        case WEBP -> webp(bytes, input);
        case TIFF -> tiff(data, input);
      };
    } catch (IndexOutOfBoundsException e) {
      // Every read below is an absolute, bounds-checked ByteBuffer get: running off the end means the file stops inside its header.
      throw new InvalidImageException(input, Reason.TRUNCATED, format + " data ends inside its header", e);
    }
    if (size[0] <= 0 || size[1] <= 0) {
      throw new InvalidImageException(input, Reason.UNREADABLE, format + " header declares a " + size[0] + "x" + size[1] + " image");
    }
    return new ImageHeader(format, size[0], size[1]);
  }

  /** The format announced by the data's magic bytes, or null when none matches. */
  private static ImageFormat sniff(byte[] data) {
    if (startsWith(data, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
      return ImageFormat.JPEG;
    }
    if (startsWith(data, 0, PNG_SIGNATURE)) {
      return ImageFormat.PNG;
    }
    if (startsWith(data, 0, (byte) 'R', (byte) 'I', (byte) 'F', (byte) 'F') && startsWith(data, 8, (byte) 'W', (byte) 'E', (byte) 'B', (byte) 'P')) {
      return ImageFormat.WEBP;
    }
    if (startsWith(data, 0, (byte) 'I', (byte) 'I', (byte) 42, (byte) 0) || startsWith(data, 0, (byte) 'M', (byte) 'M', (byte) 0, (byte) 42)) {
      return ImageFormat.TIFF;
    }
    // "BM" alone is too weak (a text file may start with it): also require a known DIB header size.
    if (startsWith(data, 0, (byte) 'B', (byte) 'M') && data.length >= 18) {
      int dibSize = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(14);
      if (Arrays.stream(BMP_DIB_SIZES).anyMatch(size -> size == dibSize)) {
        return ImageFormat.BMP;
      }
    }
    return null;
  }

  /** Walks the marker segments up to the first start-of-frame (SOFn), which holds the size. */
  private static int[] jpeg(ByteBuffer b, String input) {
    int pos = 2;
    while (true) {
      if (u8(b, pos) != 0xFF) {
        throw new InvalidImageException(input, Reason.UNREADABLE, "JPEG has no marker at offset " + pos);
      }
      int marker = u8(b, pos + 1);
      if (marker == 0xFF) { // fill byte before a marker
        pos++;
      } else if (isStartOfFrame(marker)) {
        return new int[] {u16(b, pos + 7), u16(b, pos + 5)};
      } else if (marker == 0xDA || marker == 0xD9) {
        throw new InvalidImageException(input, Reason.UNREADABLE, "JPEG has no frame header before its image data");
      } else if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
        pos += 2;
      } else {
        pos += 2 + u16(b, pos + 2);
      }
    }
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** IHDR is always the first chunk: width and height right after its length and type. */
  private static int[] png(ByteBuffer b) {
    b.order(ByteOrder.BIG_ENDIAN);
    return new int[] {clamp(u32(b, 16)), clamp(u32(b, 20))};
  }

  private static int[] bmp(ByteBuffer b) {
    b.order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(14) == 12) { // OS/2 core header: unsigned 16-bit sizes
      return new int[] {u16(b, 18), u16(b, 20)};
    }
    // Signed 32-bit; a negative height means rows are stored top-down, the size is its magnitude.
    return new int[] {b.getInt(18), clamp(Math.abs((long) b.getInt(22)))};
  }

  private static int[] webp(ByteBuffer b, String input) {
    b.order(ByteOrder.LITTLE_ENDIAN);
    String chunk = new String(new byte[] {b.get(12), b.get(13), b.get(14), b.get(15)}, StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8X" -> { // extended: 24-bit canvas size minus one
        return new int[] {u24(b, 24) + 1, u24(b, 27) + 1};
      }
      case "VP8L" -> { // lossless: signature byte, then 14-bit width-1 and height-1 packed LSB first
        int bits = b.getInt(21);
        return new int[] {(bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1};
      }
      case "VP8 " -> { // lossy: 3-byte frame tag, start code 9D 01 2A, then 14-bit sizes
        if (u8(b, 23) != 0x9D || u8(b, 24) != 0x01 || u8(b, 25) != 0x2A) {
          throw new InvalidImageException(input, Reason.UNREADABLE, "WebP VP8 frame has no start code");
        }
        return new int[] {u16(b, 26) & 0x3FFF, u16(b, 28) & 0x3FFF};
      }
      default -> throw new InvalidImageException(input, Reason.UNREADABLE, "WebP has an unknown first chunk '" + chunk + "'");
    }
  }

  /** Tags 256 (ImageWidth) and 257 (ImageLength) of the first directory, the page OpenCV decodes. */
  private static int[] tiff(byte[] data, String input) {
    TiffDirectory ifd = TiffDirectory.read(data);
    long[] width = ifd.get(TiffDirectory.IMAGE_WIDTH);
    long[] height = ifd.get(TiffDirectory.IMAGE_LENGTH);
    if (width == null || height == null || width.length != 1 || height.length != 1) {
      throw new InvalidImageException(input, Reason.UNREADABLE, "TIFF first directory lacks a single ImageWidth or ImageLength");
    }
    return new int[] {clamp(width[0]), clamp(height[0])};
  }

  private static boolean startsWith(byte[] data, int offset, byte... prefix) {
    return data.length >= offset + prefix.length && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
  }

  private static int u8(ByteBuffer b, int pos) {
    return b.get(pos) & 0xFF;
  }

  /** Unsigned 16-bit in the buffer's current byte order (big-endian unless set). */
  private static int u16(ByteBuffer b, int pos) {
    return b.getShort(pos) & 0xFFFF;
  }

  private static int u24(ByteBuffer b, int pos) {
    return u8(b, pos) | u8(b, pos + 1) << 8 | u8(b, pos + 2) << 16;
  }

  private static long u32(ByteBuffer b, int pos) {
    return b.getInt(pos) & 0xFFFF_FFFFL;
  }

  /** Sizes above 2^31-1 are far over any pixel limit; saturating keeps them that way in an int. */
  private static int clamp(long value) {
    return (int) Math.min(value, Integer.MAX_VALUE);
  }
}
