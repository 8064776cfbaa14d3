package io.faceengine.core.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The integer fields of a TIFF file's first image file directory (IFD0), the page OpenCV decodes.
 * Reads only what the size and completeness checks need: SHORT and LONG values, in either byte
 * order. Every read is bounds-checked: data cut inside the directory or a value array raises
 * {@link IndexOutOfBoundsException}.
 */
final class TiffDirectory {
  static final int IMAGE_WIDTH = 256;
  static final int IMAGE_LENGTH = 257;
  static final int STRIP_OFFSETS = 273;
  static final int STRIP_BYTE_COUNTS = 279;
  static final int TILE_OFFSETS = 324;
  static final int TILE_BYTE_COUNTS = 325;

  private static final int SHORT = 3;
  private static final int LONG = 4;

  private final Map<Integer, long[]> fields;
  private final long end;

  private TiffDirectory(Map<Integer, long[]> fields, long end) {
    this.fields = fields;
    this.end = end;
  }

  /** Parses IFD0 of TIFF data whose first 4 bytes have been checked ("II*\0" or "MM\0*"). */
  static TiffDirectory read(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(data[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int ifd = offset(b, 4);
    int entries = b.getShort(ifd) & 0xFFFF;
    Map<Integer, long[]> fields = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      int entry = ifd + 2 + 12 * i;
      int type = b.getShort(entry + 2) & 0xFFFF;
      if (type == SHORT || type == LONG) {
        fields.put(b.getShort(entry) & 0xFFFF, values(b, entry, type == SHORT ? 2 : 4));
      }
    }
    return new TiffDirectory(fields, ifd + 2 + 12L * entries + 4); // entries, then the next IFD's offset
  }

  /** The field's values, or null when the directory lacks it. */
  long[] get(int tag) {
    return fields.get(tag);
  }

  /** The offset just past this directory, which ends with the 4-byte offset of the next one. */
  long end() {
    return end;
  }

  /** Values that fit in 4 bytes sit, left-justified, in the entry itself; larger arrays elsewhere, at the offset it holds. */
  private static long[] values(ByteBuffer b, int entry, int size) {
    long count = b.getInt(entry + 4) & 0xFFFF_FFFFL;
    if (count * size > b.limit()) {
      throw new IndexOutOfBoundsException("TIFF field of " + count + " values is larger than the file");
    }
    int at = count * size <= 4 ? entry + 8 : offset(b, entry + 8);
    long[] values = new long[(int) count];
    for (int i = 0; i < values.length; i++) {
      values[i] = size == 2 ? b.getShort(at + 2 * i) & 0xFFFF : b.getInt(at + 4 * i) & 0xFFFF_FFFFL;
    }
    return values;
  }

  /** An unsigned 32-bit file offset; one beyond an int's range is beyond any array too, so it saturates into a failing read. */
  private static int offset(ByteBuffer b, int pos) {
    return (int) Math.min(b.getInt(pos) & 0xFFFF_FFFFL, Integer.MAX_VALUE);
  }
}
