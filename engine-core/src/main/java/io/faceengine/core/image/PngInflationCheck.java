package io.faceengine.core.image;

import io.faceengine.core.image.InvalidImageException.Reason;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Refuses a PNG whose compressed image data (IDAT) inflates to more than its header implies: a
 * decompression bomb with a small canvas and gigabytes of zlib data, which libpng would inflate in
 * full (to discard it) before OpenCV returns. The data is inflated here into a small scratch
 * buffer, counted, and stopped as soon as it exceeds the size the header implies plus a margin, so
 * the check costs one inflate of a normal PNG's data and a bounded one of a bomb's. Stateless.
 */
final class PngInflationCheck {
  /** Adam7's passes: x start, y start, x step, y step. */
  private static final int[][] ADAM7 = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4},
      {1, 0, 2, 2}, {0, 1, 1, 2}};
  private static final int IDAT = 0x49444154;
  private static final int IEND = 0x49454E44;
  /** Signature (8), IHDR's length and type (8): IHDR's data starts here. */
  private static final int IHDR_DATA = 16;

  private PngInflationCheck() {}

  /**
   * @param png a whole PNG file whose header was read ({@link ImageHeaderReader})
   * @throws InvalidImageException DECOMPRESSION_BOMB when its image data inflates beyond the
   *     header's size, UNREADABLE when that data is not valid zlib
   */
  static void check(byte[] png, String source) {
    ByteBuffer bytes = ByteBuffer.wrap(png);
    long expected = inflatedSize(Integer.toUnsignedLong(bytes.getInt(IHDR_DATA)),
        Integer.toUnsignedLong(bytes.getInt(IHDR_DATA + 4)), png[IHDR_DATA + 8] & 0xFF, png[IHDR_DATA + 9] & 0xFF,
        png[IHDR_DATA + 12] != 0);
    long limit = expected + expected / 100 + 1024; // encoders do not pad; the margin is for odd ones
    Inflater inflater = new Inflater();
    byte[] scratch = new byte[64 * 1024];
    long inflated = 0;
    try {
      int offset = 8;
      while (offset + 8 <= png.length) {
        long length = Integer.toUnsignedLong(bytes.getInt(offset));
        int type = bytes.getInt(offset + 4);
        if (type == IEND || offset + 8 + length > png.length) {
          break; // the end, or a truncated chunk: TruncationCheck and the decoder judge that
        }
        if (type == IDAT) {
          inflater.setInput(png, offset + 8, (int) length);
          while (!inflater.needsInput() && !inflater.finished()) {
            int n = inflater.inflate(scratch);
            inflated += n;
            if (inflated > limit) {
              throw new InvalidImageException(source, Reason.DECOMPRESSION_BOMB, "PNG image data inflates to more"
                  + " than " + limit + " bytes, while its header (" + bytes.getInt(IHDR_DATA) + "x"
                  + bytes.getInt(IHDR_DATA + 4) + ") implies " + expected);
            }
            if (n == 0 && inflater.needsDictionary()) {
              throw new InvalidImageException(source, Reason.UNREADABLE, "PNG image data asks for a zlib dictionary");
            }
          }
        }
        offset += (int) (8 + length + 4);
      }
    } catch (DataFormatException e) {
      throw new InvalidImageException(source, Reason.UNREADABLE, "PNG image data is not valid zlib: " + e.getMessage(),
          e);
    } finally {
      inflater.end();
    }
  }

  /** The bytes of filtered scanlines the header implies: one filter byte and the packed pixels per row, per pass. */
  static long inflatedSize(long width, long height, int bitDepth, int colourType, boolean interlaced) {
    int channels = switch (colourType) {
      case 0, 3 -> 1; // grey, palette index
      case 2 -> 3; // RGB
      case 4 -> 2; // grey and alpha
      case 6 -> 4; // RGBA
      default -> 4; // invalid: the decoder refuses it; the largest keeps this check from refusing first
    };
    long bitsPerPixel = (long) channels * bitDepth;
    if (!interlaced) {
      return height * (1 + (width * bitsPerPixel + 7) / 8);
    }
    long total = 0;
    for (int[] pass : ADAM7) {
      long passWidth = width > pass[0] ? (width - pass[0] + pass[2] - 1) / pass[2] : 0;
      long passHeight = height > pass[1] ? (height - pass[1] + pass[3] - 1) / pass[3] : 0;
      if (passWidth > 0 && passHeight > 0) {
        total += passHeight * (1 + (passWidth * bitsPerPixel + 7) / 8);
      }
    }
    return total;
  }
}
