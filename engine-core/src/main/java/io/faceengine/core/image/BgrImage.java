package io.faceengine.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A decoded image as 8-bit, 3-channel BGR pixels in native memory, with the name of the input it
 * came from (for error messages and provenance). Owns its {@link Mat}: close it when done.
 */
public final class BgrImage implements AutoCloseable {
  private final Mat mat;
  private final String source;

  public BgrImage(Mat mat, String source) {
    if (mat.type() != CV_8UC3) {
      throw new IllegalArgumentException("expected an 8-bit 3-channel BGR Mat for " + source + ", got type " + mat.type());
    }
    this.mat = mat;
    this.source = source;
  }

  /** The pixels; owned by this image, valid until {@link #close()}. */
  public Mat mat() {
    return mat;
  }

  public int width() {
    return mat.cols();
  }

  public int height() {
    return mat.rows();
  }

  /** The input this image was decoded from: a path, a URI or a caller-given name. */
  public String source() {
    return source;
  }

  @Override
  public void close() {
    mat.close();
  }
}
