package io.faceengine.core.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Tells whether an encoded image stops before its format's end. Decoders differ on cut-off data
 * (libjpeg can return a partially grey image with only a warning on stderr), so the engine checks
 * the structure itself and refuses such files consistently, whatever the OpenCV build does.
 */
final class TruncationCheck {
  private TruncationCheck() {}

  /**
   * True when the data ends before the format's end: no JPEG end-of-image marker, no PNG IEND
   * chunk, fewer bytes than the WebP RIFF size or the BMP file size says, a TIFF first directory or
   * strip (tile) that runs past the end.
   */
  static boolean isTruncated(ImageFormat format, byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data);
    try {
      return switch (format) {
        case JPEG -> !jpegReachesEnd(b);
        case PNG -> !pngReachesEnd(b);
        case WEBP -> 8 + (b.order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xFFFF_FFFFL) > data.length;
        case BMP -> (b.order(ByteOrder.LITTLE_ENDIAN).getInt(2) & 0xFFFF_FFFFL) > data.length; // 0 (unset) passes
        case TIFF -> !tiffReachesEnd(data);
      };
    } catch (IndexOutOfBoundsException e) {
      return true; // a segment or chunk header runs past the end
    }
  }

  /**
   * Walks the marker segments and, after each start-of-scan, the entropy-coded data, until the
   * end-of-image marker. Bytes after it (padding, appended data) are ignored, and so are EOI
   * markers inside segments, e.g. that of an EXIF thumbnail, because segments are skipped whole.
   */
  private static boolean jpegReachesEnd(ByteBuffer b) {
    int pos = 2;
    while (true) {
      if ((b.get(pos) & 0xFF) != 0xFF) {
        return false; // lost sync: a corrupt stream, which cannot be complete either
      }
      int marker = b.get(pos + 1) & 0xFF;
      if (marker == 0xD9) {
        return true;
      } else if (marker == 0xFF) {
        pos++;
      } else if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        pos += 2;
      } else {
        pos += 2 + (b.getShort(pos + 2) & 0xFFFF);
        if (marker == 0xDA) {
          pos = endOfEntropyData(b, pos);
        }
      }
    }
  }

  /** The offset of the first marker after entropy-coded data: an 0xFF not followed by 0x00 (stuffing) or a restart marker. */
  private static int endOfEntropyData(ByteBuffer b, int pos) {
    int limit = b.limit();
    for (int i = pos; i + 1 < limit; i++) {
      if ((b.get(i) & 0xFF) == 0xFF) {
        int next = b.get(i + 1) & 0xFF;
        if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
          return i;
        }
      }
    }
    throw new IndexOutOfBoundsException("entropy-coded data runs to the end");
  }

  /** TIFF has no end marker; libtiff writes the directory after the pixels, but other writers put it first, so check both. */
  private static boolean tiffReachesEnd(byte[] data) {
    TiffDirectory ifd = TiffDirectory.read(data);
    if (ifd.end() > data.length) {
      return false;
    }
    boolean tiled = ifd.get(TiffDirectory.TILE_OFFSETS) != null;
    long[] offsets = ifd.get(tiled ? TiffDirectory.TILE_OFFSETS : TiffDirectory.STRIP_OFFSETS);
    long[] counts = ifd.get(tiled ? TiffDirectory.TILE_BYTE_COUNTS : TiffDirectory.STRIP_BYTE_COUNTS);
    if (offsets == null || counts == null || offsets.length != counts.length) {
      return true; // malformed rather than cut: the decoder will judge
    }
    for (int i = 0; i < offsets.length; i++) {
      if (offsets[i] + counts[i] > data.length) {
        return false;
      }
    }
    return true;
  }

  private static boolean pngReachesEnd(ByteBuffer b) {
    long pos = 8;
    while (pos + 8 <= b.limit()) {
      long length = b.getInt((int) pos) & 0xFFFF_FFFFL;
      boolean isEnd = b.getInt((int) pos + 4) == 0x49454E44; // "IEND"
      pos += 12 + length; // length, type, data, CRC
      if (isEnd) {
        return pos <= b.limit();
      }
    }
    return false;
  }
}
