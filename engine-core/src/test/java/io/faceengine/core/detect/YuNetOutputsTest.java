package io.faceengine.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceengine.core.detect.YuNetOutputs.StrideOutput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoding arithmetic, on hand-made outputs for a 64x32 input: grids of 8x4, 4x2 and 2x1 cells. */
class YuNetOutputsTest {
  private static final int WIDTH = 64;
  private static final int HEIGHT = 32;

  @Test
  void decodesBoxLandmarksAndScoreOfACell() {
    List<StrideOutput> outputs = empty();
    StrideOutput s8 = outputs.get(0);
    int cell = 2 * 8 + 3; // row 2, column 3 of the 8-column grid
    s8.cls()[cell] = 0.81f;
    s8.obj()[cell] = 1f;
    float[] box = {0.5f, 0.25f, (float) Math.log(4), (float) Math.log(5)};
    System.arraycopy(box, 0, s8.bbox(), 4 * cell, 4);
    for (int k = 0; k < 10; k++) {
      s8.kps()[10 * cell + k] = 0.1f * k;
    }
    List<DetectedFace> faces = YuNetOutputs.decode(outputs, WIDTH, HEIGHT, 0.5f, 0f);
    assertEquals(1, faces.size());
    DetectedFace face = faces.get(0);
    assertEquals(0.9f, face.score(), 1e-6f); // sqrt(0.81 * 1)
    // centre ((3 + 0.5) * 8, (2 + 0.25) * 8) = (28, 18); size (4 * 8, 5 * 8) = (32, 40)
    assertBox(new BoundingBox(12f, -2f, 32f, 40f), face.box());
    for (int k = 0; k < Landmarks.COUNT; k++) {
      assertEquals((0.1f * 2 * k + 3) * 8, face.landmarks().x(k), 1e-4f);
      assertEquals((0.1f * (2 * k + 1) + 2) * 8, face.landmarks().y(k), 1e-4f);
    }
  }

  @Test
  void usesEachStrideGrid() {
    List<StrideOutput> outputs = empty();
    StrideOutput s32 = outputs.get(2);
    int cell = 1; // row 0, column 1 of the 2-column grid
    s32.cls()[cell] = 1f;
    s32.obj()[cell] = 1f;
    DetectedFace face = YuNetOutputs.decode(outputs, WIDTH, HEIGHT, 0.5f, 0f).get(0);
    // zero offsets: centre at the cell's corner (32, 0), size exp(0) * 32
    assertBox(new BoundingBox(16f, -16f, 32f, 32f), face.box());
  }

  @Test
  void clampsScoresAndAppliesTheThreshold() {
    List<StrideOutput> outputs = empty();
    StrideOutput s16 = outputs.get(1);
    s16.cls()[0] = 1.7f; // outside [0, 1]: clamped to 1
    s16.obj()[0] = 0.25f;
    s16.cls()[1] = -0.5f; // clamped to 0
    s16.obj()[1] = 1f;
    List<DetectedFace> faces = YuNetOutputs.decode(outputs, WIDTH, HEIGHT, 0.4f, 0f);
    assertEquals(1, faces.size());
    assertEquals(0.5f, faces.get(0).score(), 1e-6f);
    assertEquals(List.of(), YuNetOutputs.decode(outputs, WIDTH, HEIGHT, 0.51f, 0f));
  }

  @Test
  void dropsBoxesNarrowerOrShorterThanTheMinimum() {
    List<StrideOutput> outputs = empty();
    StrideOutput s8 = outputs.get(0);
    s8.cls()[0] = 1f;
    s8.obj()[0] = 1f;
    s8.bbox()[3] = (float) Math.log(3); // 8 wide, 24 high
    assertEquals(1, YuNetOutputs.decode(outputs, WIDTH, HEIGHT, 0.5f, 8f).size());
    assertEquals(0, YuNetOutputs.decode(outputs, WIDTH, HEIGHT, 0.5f, 9f).size());
  }

  @Test
  void refusesOutputsThatDoNotMatchTheGrid() {
    List<StrideOutput> outputs = empty();
    assertThrows(IllegalStateException.class, () -> YuNetOutputs.decode(outputs, WIDTH, 2 * HEIGHT, 0.5f, 0f));
  }

  /** All-zero outputs (score 0) for every stride. */
  private static List<StrideOutput> empty() {
    List<StrideOutput> outputs = new ArrayList<>();
    for (int stride : YuNetOutputs.STRIDES) {
      int cells = (WIDTH / stride) * (HEIGHT / stride);
      outputs.add(new StrideOutput(stride, new float[cells], new float[cells], new float[4 * cells], new float[10 * cells]));
    }
    return outputs;
  }

  private static void assertBox(BoundingBox expected, BoundingBox actual) {
    assertEquals(expected.x(), actual.x(), 1e-4f, "x");
    assertEquals(expected.y(), actual.y(), 1e-4f, "y");
    assertEquals(expected.width(), actual.width(), 1e-4f, "width");
    assertEquals(expected.height(), actual.height(), 1e-4f, "height");
  }
}
