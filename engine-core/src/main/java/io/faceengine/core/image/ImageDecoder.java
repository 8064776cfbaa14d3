package io.faceengine.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.faceengine.core.image.InvalidImageException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes JPEG, PNG, BMP, WebP and TIFF files into 8-bit BGR images, with the EXIF orientation
 * applied. Greyscale becomes three equal channels, alpha is dropped (transparent pixels keep their
 * stored colour) and 16-bit samples are scaled to 8 bits.
 *
 * <p>Refuses, with an {@link InvalidImageException}, empty input, other formats, truncated files and
 * images whose header declares more pixels than the limit; the limit is checked on the header, before
 * the decoder allocates anything, so a decompression bomb costs nothing. A PNG whose compressed data
 * inflates beyond what its header needs is refused too ({@link PngInflationCheck}), before libpng
 * would inflate all of it. OpenCV has its own,
 * process-wide limit (environment variable {@code OPENCV_IO_MAX_IMAGE_PIXELS}, 2^30 by default),
 * read once when the library loads: a launcher that wants it lower must set it before starting
 * the JVM.
 *
 * <p>Immutable and thread-safe.
 */
public final class ImageDecoder {
  /** 40 megapixels: above 8K UHD (33 MP) and the default output of phone cameras, about 120 MB once decoded. */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  private final long maxPixels;

  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  /** @param maxPixels the largest width x height accepted, as declared by the header */
  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    this.maxPixels = maxPixels;
  }

  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Reads and decodes a file; the path is the image's source name.
   *
   * @throws IOException when the file cannot be read (missing, unreadable, a directory)
   * @throws InvalidImageException when its content is not an acceptable image
   */
  public BgrImage decode(Path file) throws IOException {
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw new IOException(source + ": is a directory, not an image");
    }
    // Files.readAllBytes fails with an OutOfMemoryError beyond an array's maximum size: refuse earlier.
    if (Files.size(file) > Integer.MAX_VALUE - 8) {
      throw new InvalidImageException(source, Reason.UNREADABLE, "file larger than 2 GiB");
    }
    return decode(Files.readAllBytes(file), source);
  }

  /**
   * Decodes an encoded image held in memory.
   *
   * @param source the input's name, carried by the image and by errors
   * @throws InvalidImageException when the bytes are not an acceptable image
   */
  public BgrImage decode(byte[] bytes, String source) {
    if (bytes.length == 0) {
      throw new InvalidImageException(source, Reason.EMPTY, "empty input");
    }
    ImageHeader header = ImageHeaderReader.read(bytes, source);
    checkPixels(header.pixels(), header.width() + "x" + header.height(), source);
    if (TruncationCheck.isTruncated(header.format(), bytes)) {
      throw new InvalidImageException(source, Reason.TRUNCATED, header.format() + " data ends before the end of the image");
    }
    if (header.format() == ImageFormat.PNG) {
      PngInflationCheck.check(bytes, source);
    }
    Mat mat = decodePixels(bytes, header, source);
    // The header was checked, but a decoder may read other fields (e.g. another TIFF directory): check what was produced too.
    try {
      checkPixels((long) mat.cols() * mat.rows(), mat.cols() + "x" + mat.rows() + " decoded", source);
    } catch (InvalidImageException e) {
      mat.close();
      throw e;
    }
    return new BgrImage(mat, source);
  }

  private static Mat decodePixels(byte[] bytes, ImageHeader header, String source) {
    Mat mat;
    try (BytePointer data = new BytePointer(bytes); Mat buffer = new Mat(1, bytes.length, CV_8UC1, data)) {
      // IMREAD_COLOR: always 8-bit 3-channel BGR (grey expanded, alpha dropped, 16-bit scaled) with EXIF orientation applied.
      mat = imdecode(buffer, IMREAD_COLOR);
    } catch (RuntimeException e) { // cv::Exception surfaces as a RuntimeException
      throw new InvalidImageException(source, Reason.UNREADABLE, "OpenCV cannot decode this " + header.format() + ": " + e.getMessage(), e);
    }
    if (mat.empty() || mat.type() != CV_8UC3) {
      mat.close();
      throw new InvalidImageException(source, Reason.UNREADABLE, "OpenCV cannot decode this " + header.format() + " (corrupt, or a variant it does not support)");
    }
    return mat;
  }

  private void checkPixels(long pixels, String size, String source) {
    if (pixels > maxPixels) {
      throw new InvalidImageException(source, Reason.TOO_MANY_PIXELS, size + " is " + pixels + " pixels, over the limit of " + maxPixels);
    }
  }
}
