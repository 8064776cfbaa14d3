package io.faceengine.core.image;

/** What an image's header declares: its format and its stored width and height in pixels. */
public record ImageHeader(ImageFormat format, int width, int height) {
  /** Width times height; a long because a hostile header can declare up to 2^31 x 2^31. */
  public long pixels() {
    return (long) width * height;
  }
}
