package io.faceengine.core.detect;

import io.faceengine.core.testing.Scenes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** YuNetDetector with the real yunet_n model from ../shared, on LFW faces and composed scenes. */
class YuNetDetectorTest {
  private static YuNetDetector detector;

  @BeforeAll
  static void openModel() throws OrtException {
    String model = SharedTestData.shared("models/yunet_n_dynamic.onnx").toString();
    detector = new YuNetDetector(OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions()), DetectorOptions.defaults());
  }

  @AfterAll
  static void closeModel() {
    if (detector != null) {
      detector.close();
    }
  }

  @Test
  void findsExactlyTheOneFaceOfAnLfwImage() throws IOException {
    try (BgrImage image = Scenes.lfw("Tara_Reid", 1)) {
      List<DetectedFace> faces = detector.detect(image);
      assertEquals(1, faces.size(), faces.toString());
      DetectedFace face = faces.get(0);
      // Deep-funneled LFW centres the face: about 100 pixels wide around (125, 125).
      assertNear(125, face.box().centerX(), 20, "box centre x");
      assertNear(125, face.box().centerY(), 25, "box centre y");
      assertTrue(face.box().width() > 60 && face.box().width() < 160, "box width " + face.box().width());
      assertTrue(face.score() >= DetectorOptions.defaults().scoreThreshold() && face.score() <= 1f, "score " + face.score());
    }
  }

  /** Landmarks javadoc: index 0 is the subject's right eye, which is on the image's left. */
  @Test
  void landmarksFollowTheDocumentedOrderOnFrontalFaces() throws IOException {
    for (String person : new String[] {"Tara_Reid", "Colin_Powell", "Tony_Blair"}) {
      try (BgrImage image = Scenes.lfw(person, 1)) {
        Landmarks l = detector.detect(image).get(0).landmarks();
        String where = person + " " + l;
        assertTrue(l.x(Landmarks.RIGHT_EYE) < l.x(Landmarks.LEFT_EYE), "eyes " + where);
        assertTrue(l.x(Landmarks.RIGHT_MOUTH) < l.x(Landmarks.LEFT_MOUTH), "mouth corners " + where);
        assertTrue(l.x(Landmarks.RIGHT_EYE) < l.x(Landmarks.NOSE_TIP) && l.x(Landmarks.NOSE_TIP) < l.x(Landmarks.LEFT_EYE), "nose between the eyes " + where);
        float eyes = Math.max(l.y(Landmarks.RIGHT_EYE), l.y(Landmarks.LEFT_EYE));
        float mouth = Math.min(l.y(Landmarks.RIGHT_MOUTH), l.y(Landmarks.LEFT_MOUTH));
        assertTrue(eyes < l.y(Landmarks.NOSE_TIP) && l.y(Landmarks.NOSE_TIP) < mouth, "eyes above nose above mouth " + where);
        assertTrue(l.interEyeDistance() > 25 && l.interEyeDistance() < 70, "eye distance " + where);
      }
    }
  }

  @Test
  void findsNoFaceInALandscape() {
    try (BgrImage landscape = Scenes.landscape(640, 480)) {
      assertEquals(List.of(), detector.detect(landscape));
    }
  }

  @Test
  void findsNoFaceInAFlatImage() {
    try (BgrImage grey = new BgrImage(Scenes.canvas(300, 200), "grey")) {
      assertEquals(List.of(), detector.detect(grey));
    }
  }

  /** Three people side by side, each face 200 pixels square with a gap: three faces, one per tile, left to right. */
  @Test
  void findsEveryFaceOfAGroup() throws IOException {
    String[] people = {"Tara_Reid", "Colin_Powell", "Angelina_Jolie"};
    try (BgrImage group = new BgrImage(Scenes.canvas(3 * 240, 260), "group")) {
      for (int i = 0; i < people.length; i++) {
        try (Mat face = Scenes.lfwFace(people[i], 1, 200)) {
          Scenes.paste(group.mat(), face, 20 + 240 * i, 30);
        }
      }
      List<DetectedFace> faces = new ArrayList<>(detector.detect(group));
      assertEquals(3, faces.size(), faces.toString());
      faces.sort((a, b) -> Float.compare(a.box().centerX(), b.box().centerX()));
      for (int i = 0; i < 3; i++) {
        BoundingBox box = faces.get(i).box();
        assertNear(20 + 240 * i + 100, box.centerX(), 30, "face " + i + " centre x");
        assertNear(30 + 100, box.centerY(), 35, "face " + i + " centre y");
        assertTrue(box.width() > 80 && box.width() < 200, "face " + i + " width " + box.width());
      }
      List<DetectedFace> byScore = detector.detect(group);
      for (int i = 1; i < byScore.size(); i++) {
        assertTrue(byScore.get(i - 1).score() >= byScore.get(i).score(), "most confident first");
      }
    }
  }

  /**
   * A face pasted 4x enlarged into a 3000x2000 photo is detected on a 640-pixel downscale: its box
   * and landmarks must come back in the photo's pixels, matching the small original's detection
   * scaled and shifted the same way.
   */
  @Test
  void mapsDetectionsInALargeImageBackToItsPixels() throws IOException {
    DetectedFace small;
    try (BgrImage original = new BgrImage(Scenes.lfwFace("Tara_Reid", 1, Scenes.FACE_CROP), "crop")) {
      small = detector.detect(original).get(0);
    }
    int x0 = 1900;
    int y0 = 1100;
    try (BgrImage photo = new BgrImage(Scenes.canvas(3000, 2000), "photo"); Mat face = Scenes.lfwFace("Tara_Reid", 1, 4 * Scenes.FACE_CROP)) {
      Scenes.paste(photo.mat(), face, x0, y0);
      List<DetectedFace> faces = detector.detect(photo);
      assertEquals(1, faces.size(), faces.toString());
      DetectedFace big = faces.get(0);
      float tolerance = 0.06f * big.box().width(); // the 640-pixel downscale sees the face at 136 instead of 160 pixels
      assertNear(x0 + 4 * small.box().centerX(), big.box().centerX(), tolerance, "centre x");
      assertNear(y0 + 4 * small.box().centerY(), big.box().centerY(), tolerance, "centre y");
      assertNear(4 * small.box().width(), big.box().width(), 2 * tolerance, "width");
      for (int i = 0; i < Landmarks.COUNT; i++) {
        assertNear(x0 + 4 * small.landmarks().x(i), big.landmarks().x(i), tolerance, "landmark " + i + " x");
        assertNear(y0 + 4 * small.landmarks().y(i), big.landmarks().y(i), tolerance, "landmark " + i + " y");
      }
    }
  }

  /**
   * 301x257 (neither a multiple of 32) with the face against the bottom-right corner, next to the
   * padding: same detection, shifted, as the face alone.
   */
  @Test
  void handlesSizesThatAreNotMultiplesOf32() throws IOException {
    try (Mat face = Scenes.lfwFace("Colin_Powell", 1, Scenes.FACE_CROP);
        BgrImage alone = new BgrImage(face.clone(), "alone");
        BgrImage odd = new BgrImage(Scenes.canvas(301, 257), "odd")) {
      int x0 = 301 - Scenes.FACE_CROP;
      int y0 = 257 - Scenes.FACE_CROP;
      Scenes.paste(odd.mat(), face, x0, y0);
      DetectedFace expected = detector.detect(alone).get(0);
      List<DetectedFace> faces = detector.detect(odd);
      assertEquals(1, faces.size(), faces.toString());
      assertNear(x0 + expected.box().centerX(), faces.get(0).box().centerX(), 4, "centre x");
      assertNear(y0 + expected.box().centerY(), faces.get(0).box().centerY(), 4, "centre y");
    }
  }

  /** An image over part of a larger Mat (rows not adjacent in memory) is read correctly. */
  @Test
  void detectsInARegionOfALargerMat() throws IOException {
    try (BgrImage full = Scenes.lfw("Tara_Reid", 1); Mat region = full.mat().apply(new Rect(20, 10, 210, 230))) {
      BgrImage view = new BgrImage(region, "region"); // not closed: the region is closed above
      BgrImage copy = new BgrImage(region.clone(), "copy");
      try (copy) {
        assertEquals(detector.detect(copy), detector.detect(view));
      }
    }
  }

  @Test
  void givesTheSameAnswerFromSeveralThreads() throws Exception {
    try (BgrImage image = Scenes.lfw("Tony_Blair", 1)) {
      List<DetectedFace> expected = detector.detect(image);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<DetectedFace>>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          results.add(pool.submit(() -> detector.detect(image)));
        }
        for (Future<List<DetectedFace>> result : results) {
          assertEquals(expected, result.get());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  private static void assertNear(float expected, float actual, float tolerance, String what) {
    assertTrue(Math.abs(expected - actual) <= tolerance, what + ": expected " + expected + " +-" + tolerance + ", got " + actual);
  }
}
