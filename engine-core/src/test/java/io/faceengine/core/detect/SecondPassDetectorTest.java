package io.faceengine.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.faceengine.core.eval.HardFaces;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.testing.Scenes;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The second detection pass with the real YuNet models from ../shared, on LFW faces made hard in memory. */
class SecondPassDetectorTest {
  private static final DetectorOptions FIRST = DetectorOptions.defaults();

  private SecondPassDetector detector;

  @BeforeEach
  void openModels() {
    detector = twoPass(SECOND_MODEL, SECOND_UPSCALE, SECOND_THRESHOLD);
  }

  @AfterEach
  void closeModels() {
    if (detector != null) {
      detector.close();
    }
  }

  /** The default second pass (conf/engine.conf, measured in docs/detection.md): yunet-n at twice the size. */
  private static final String SECOND_MODEL = "models/yunet_n_dynamic.onnx";
  private static final float SECOND_UPSCALE = 2f;
  private static final float SECOND_THRESHOLD = 0.8f;
  /** Found by a scan of LFW: faces the first pass misses once shrunk to 40 pixels on a 1280x960 canvas / turned by 45 degrees. */
  private static final String SHRUNK_PERSON = "Abdul_Majeed_Shobokshi";
  private static final double SHRUNK_FACE_WIDTH = 95.33; // the first pass's box on the original
  private static final String ROTATED_PERSON = "Abraham_Foxman";
  private static final double ROTATED_ANGLE = 45;

  @Test
  void isNotRunWhenTheFirstPassFindsAFace() throws IOException {
    try (BgrImage image = Scenes.lfw("Tara_Reid", 1)) {
      assertEquals(1, detector.detect(image).size());
    }
    assertEquals(0, detector.secondPasses());
  }

  @Test
  void aFacelessImageStillYieldsNoFace() {
    try (BgrImage landscape = Scenes.landscape(640, 480)) {
      assertEquals(List.of(), detector.detect(landscape));
    }
    for (int kind = 0; kind < 4; kind++) {
      try (BgrImage texture = new BgrImage(HardFaces.texture(256, 256, kind, kind).image(), "texture " + kind)) {
        assertEquals(List.of(), detector.detect(texture), "texture " + kind);
      }
    }
    assertEquals(5, detector.secondPasses(), "the second pass looked at every faceless image");
  }

  @Test
  void findsAShrunkFaceTheFirstPassMisses() throws IOException {
    assertFoundOnlyBySecondPass(SHRUNK_PERSON, image -> HardFaces.shrunk(image, 125, 125, SHRUNK_FACE_WIDTH, 40, 7));
  }

  @Test
  void findsARotatedFaceTheFirstPassMisses() throws IOException {
    assertFoundOnlyBySecondPass(ROTATED_PERSON, image -> HardFaces.rotated(image, 125, 125, ROTATED_ANGLE));
  }

  @Test
  void rejectsAnUpscaleOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new SecondPassDetector(detector, detector, 0.5f, FIRST));
    assertThrows(IllegalArgumentException.class, () -> new SecondPassDetector(detector, detector, 9f, FIRST));
  }

  private void assertFoundOnlyBySecondPass(String person, java.util.function.Function<org.bytedeco.opencv.opencv_core.Mat,
      HardFaces.Variant> transform) throws IOException {
    try (BgrImage lfw = Scenes.lfw(person, 1)) {
      HardFaces.Variant hard = transform.apply(lfw.mat());
      assertTrue(Double.isFinite(hard.faceX()));
      try (BgrImage image = new BgrImage(hard.image(), person + " made hard")) {
        try (YuNetDetector firstOnly = yunet("models/yunet_n_dynamic.onnx", FIRST)) {
          assertEquals(List.of(), firstOnly.detect(image), "the first pass misses " + person + "'s face");
        }
        List<DetectedFace> faces = detector.detect(image);
        assertEquals(1, detector.secondPasses());
        assertFalse(faces.isEmpty(), "the second pass finds " + person + "'s face");
        DetectedFace face = faces.getFirst();
        assertTrue(hard.onFace(face.box().x(), face.box().y(), face.box().width(), face.box().height()),
            "the face found is on the face: " + face.box() + " vs centre " + hard.faceX() + ", " + hard.faceY());
        assertTrue(face.box().width() >= FIRST.minFaceSize(), "source-pixel size " + face.box().width());
      }
    }
  }

  private static SecondPassDetector twoPass(String secondModel, float upscale, float threshold) {
    return new SecondPassDetector(yunet("models/yunet_n_dynamic.onnx", FIRST),
        yunet(secondModel, SecondPassDetector.secondOptions(FIRST, upscale, threshold)), upscale, FIRST);
  }

  private static YuNetDetector yunet(String model, DetectorOptions options) {
    try {
      return new YuNetDetector(OrtEnvironment.getEnvironment().createSession(SharedTestData.shared(model).toString(),
          new OrtSession.SessionOptions()), options);
    } catch (OrtException e) {
      throw new IllegalStateException("could not open " + model, e);
    }
  }
}
