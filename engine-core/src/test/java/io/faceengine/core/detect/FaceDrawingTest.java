package io.faceengine.core.detect;

import io.faceengine.core.testing.Scenes;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.image.BgrImage;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class FaceDrawingTest {
  private static final DetectedFace FACE = new DetectedFace(
      new BoundingBox(100, 50, 80, 100), new Landmarks(new float[] {120, 90, 160, 90, 140, 110, 125, 130, 155, 130}), 0.93f);

  @Test
  void drawsOnACopyLeavingTheOriginalAlone() {
    try (BgrImage image = new BgrImage(Scenes.canvas(300, 200), "grey"); BgrImage drawn = FaceDrawing.draw(image, List.of(FACE))) {
      assertEquals(image.width(), drawn.width());
      assertEquals(image.height(), drawn.height());
      assertEquals("grey", drawn.source());
      assertTrue(changedPixels(image, drawn) > 0);
      assertEquals(128, pixel(image, 100, 50)[1], "the original keeps its grey");
      int[] boxEdge = pixel(drawn, 140, 50); // anti-aliased, so not exactly (0, 255, 0)
      assertTrue(boxEdge[1] > 200 && boxEdge[0] < 60 && boxEdge[2] < 60, "box edge in green");
      int[] rightEye = pixel(drawn, 120, 90);
      assertTrue(rightEye[0] > 200 && rightEye[2] < 60, "subject's right eye in blue");
      int[] leftEye = pixel(drawn, 160, 90);
      assertTrue(leftEye[2] > 200 && leftEye[0] < 60, "subject's left eye in red");
    }
  }

  @Test
  void noFacesGiveAnIdenticalCopy() {
    try (BgrImage image = new BgrImage(Scenes.canvas(50, 40), "grey"); BgrImage drawn = FaceDrawing.draw(image, List.of())) {
      assertEquals(0, changedPixels(image, drawn));
    }
  }

  private static int changedPixels(BgrImage a, BgrImage b) {
    try (Mat diff = new Mat()) {
      absdiff(a.mat(), b.mat(), diff);
      return countNonZero(diff.reshape(1, 0));
    }
  }

  private static int[] pixel(BgrImage image, int x, int y) {
    BytePointer p = image.mat().ptr(y, x);
    return new int[] {p.get(0) & 0xFF, p.get(1) & 0xFF, p.get(2) & 0xFF};
  }
}
