package io.faceengine.core.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Feeds the decoder deterministic corruptions of real images (byte flips, overwritten header
 * fields, cuts) in every format: each must decode or be refused with an InvalidImageException,
 * and none may take the JVM down with it.
 */
class CorruptImageTest {
  private static final int VARIANTS = 300;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({".jpg, 0", ".png, 0", ".bmp, 0", ".webp, 90", ".webp, 101", ".tiff, 0"})
  void corruptInputIsDecodedOrRefused(String extension, int webpQuality) throws IOException {
    byte[] original;
    ImageDecoder decoder = new ImageDecoder(4_000_000);
    try (BgrImage face = decoder.decode(SharedTestData.lfw("Tara_Reid", 1))) {
      original = extension.equals(".webp")
          ? Fixtures.encode(face.mat(), extension, IMWRITE_WEBP_QUALITY, webpQuality)
          : Fixtures.encode(face.mat(), extension);
    }
    Random random = new Random(extension.hashCode() + webpQuality);
    Map<InvalidImageException.Reason, Integer> refusals = new EnumMap<>(InvalidImageException.Reason.class);
    int decoded = 0;
    for (int i = 0; i < VARIANTS; i++) {
      byte[] variant = corrupt(original, random, i % 3);
      try (BgrImage image = decoder.decode(variant, extension + " variant " + i)) {
        assertTrue(image.width() > 0 && image.height() > 0);
        decoded++;
      } catch (InvalidImageException e) {
        refusals.merge(e.reason(), 1, Integer::sum);
      }
    }
    System.out.printf("%s q%d: %d decoded, refused %s%n", extension, webpQuality, decoded, refusals);
  }

  private static byte[] corrupt(byte[] original, Random random, int kind) {
    byte[] data = original.clone();
    switch (kind) {
      case 0 -> { // scattered byte flips anywhere
        for (int n = 1 + random.nextInt(16); n > 0; n--) {
          data[random.nextInt(data.length)] ^= (byte) (1 + random.nextInt(255));
        }
      }
      case 1 -> { // an extreme 4-byte value somewhere in the first 64 bytes, where size fields live
        int at = random.nextInt(Math.min(60, data.length - 4));
        byte fill = random.nextBoolean() ? (byte) 0xFF : 0;
        Arrays.fill(data, at, at + 4, fill);
      }
      default -> data = Arrays.copyOf(data, 1 + random.nextInt(data.length - 1));
    }
    return data;
  }
}
