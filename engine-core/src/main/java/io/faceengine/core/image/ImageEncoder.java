package io.faceengine.core.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;

/**
 * Encodes images to files in one of the {@link ImageFormat}s, with OpenCV's default settings
 * (JPEG quality 95, PNG lossless). Stateless.
 */
public final class ImageEncoder {
  private ImageEncoder() {}

  /** The image encoded in the given format. */
  public static byte[] encode(BgrImage image, ImageFormat format) {
    try (BytePointer out = new BytePointer()) {
      if (!imencode(format.extension(), image.mat(), out)) {
        throw new IllegalStateException("OpenCV could not encode " + image.source() + " as " + format);
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  /**
   * Writes the image to a file in the format its name's extension says (.jpg/.jpeg, .png, .bmp,
   * .webp, .tif/.tiff). Encodes in memory and writes with Java, so any path the JVM can write
   * works, whatever its characters.
   */
  public static void write(BgrImage image, Path file) throws IOException {
    Files.write(file, encode(image, formatOf(file)));
  }

  private static ImageFormat formatOf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return switch (extension) {
      case "jpg", "jpeg" -> ImageFormat.JPEG;
      case "tif", "tiff" -> ImageFormat.TIFF;
      default -> Arrays.stream(ImageFormat.values())
          .filter(f -> f.extension().equals("." + extension))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("cannot tell an image format from the name " + file.getFileName()));
    };
  }
}
