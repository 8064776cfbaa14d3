package io.faceengine.core.image;

/**
 * The image formats the engine accepts. Deliberately a closed list: {@link ImageHeaderReader} must
 * be able to read the dimensions of every accepted format before decoding, so that the pixel limit
 * holds for all of them; OpenCV's other codecs (PNM, JPEG 2000, EXR, ...) are refused.
 */
public enum ImageFormat {
  JPEG(".jpg"),
  PNG(".png"),
  BMP(".bmp"),
  WEBP(".webp"),
  TIFF(".tiff");

  private final String extension;

  ImageFormat(String extension) {
    this.extension = extension;
  }

  /** The usual file extension with its dot, as OpenCV's encoder expects it, e.g. {@code ".jpg"}. */
  public String extension() {
    return extension;
  }
}
