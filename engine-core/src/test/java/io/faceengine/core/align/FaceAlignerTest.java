package io.faceengine.core.align;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.Landmarks;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.model.AlignmentSpec;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class FaceAlignerTest {
  private static final AlignmentSpec DLIB = new AlignmentSpec(AlignmentSpec.SIMILARITY, List.of(
      List.of(0.225492f, 0.215990f), List.of(0.754761f, 0.215990f), List.of(0.490127f, 0.515625f),
      List.of(0.254149f, 0.780233f), List.of(0.726104f, 0.780233f)), null, 0.25f);

  /** Draws a white dot at each landmark of a rotated, scaled, shifted template, aligns, and finds the dots where the template says. */
  @Test
  void landmarksLandOnTheTemplate() {
    for (double scale : new double[] {0.5, 1.0, 4.0}) { // 4.0 exercises the area-averaging shrink path
      double angle = Math.toRadians(25);
      SimilarityTransform place = new SimilarityTransform(scale * Math.cos(angle), scale * Math.sin(angle), 300, 200);
      double[] template = FaceAligner.templatePixels(DLIB, 150, 150);
      float[] xy = new float[10];
      try (Mat canvas = new Mat(900, 900, CV_8UC3, new Scalar(0.0))) {
        for (int i = 0; i < 5; i++) {
          double[] p = place.apply(template[2 * i], template[2 * i + 1]);
          xy[2 * i] = (float) p[0];
          xy[2 * i + 1] = (float) p[1];
          circle(canvas, new Point((int) Math.round(p[0]), (int) Math.round(p[1])), (int) Math.max(2, 2 * scale),
              new Scalar(255, 255, 255, 0), FILLED, 8, 0);
        }
        DetectedFace face = new DetectedFace(new BoundingBox(0, 0, 10, 10), new Landmarks(xy), 1f);
        try (BgrImage image = new BgrImage(canvas.clone(), "synthetic");
            Mat chip = new FaceAligner(DLIB, 150, 150).align(image, face);
            UByteIndexer px = chip.createIndexer()) {
          assertEquals(150, chip.cols());
          assertEquals(150, chip.rows());
          for (int i = 0; i < 5; i++) {
            int x = (int) Math.round(template[2 * i]);
            int y = (int) Math.round(template[2 * i + 1]);
            assertTrue(px.get(y, x, 0) > 100, "scale " + scale + ": landmark " + i + " is not at its template spot ("
                + x + ", " + y + "), value " + px.get(y, x, 0));
          }
          assertEquals(0, px.get(2, 2, 0), "the far corner stays background");
        }
      }
    }
  }

  @Test
  void boxModeCentresThePaddedSquare() {
    AlignmentSpec box = DLIB.with(AlignmentSpec.BOX, 0.25f, null);
    DetectedFace face = new DetectedFace(new BoundingBox(100, 50, 80, 120), new Landmarks(new float[10]), 1f);
    SimilarityTransform t = new FaceAligner(box, 150, 150).transform(face);
    double[] centre = t.apply(140, 110);
    assertEquals(75, centre[0], 1e-9);
    assertEquals(75, centre[1], 1e-9);
    // The longer side (120) padded by 25% on both sides (180) spans the output (150).
    assertEquals(150.0 / 180, t.scale(), 1e-9);
  }
}
