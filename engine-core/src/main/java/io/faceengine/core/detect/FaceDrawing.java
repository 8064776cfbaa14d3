package io.faceengine.core.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.faceengine.core.image.BgrImage;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws detections on a copy of an image, to look at what a detector found (the CLI's
 * {@code --draw}); write the result with {@link io.faceengine.core.image.ImageEncoder}. Each face gets
 * a green box, its score above the box, and its landmarks as dots: subject's right eye blue, left
 * eye red, nose tip green, right mouth corner magenta, left mouth corner yellow (as in OpenCV's
 * YuNet demo), so that a swapped left and right shows at a glance.
 */
public final class FaceDrawing {
  private static final Scalar BOX = new Scalar(0, 255, 0, 0);
  private static final Scalar[] LANDMARK_COLOURS = {
    new Scalar(255, 0, 0, 0), new Scalar(0, 0, 255, 0), new Scalar(0, 255, 0, 0), new Scalar(255, 0, 255, 0), new Scalar(0, 255, 255, 0)
  };

  private FaceDrawing() {}

  /** A new image, owned by the caller, with the faces drawn over a copy of {@code image}. */
  public static BgrImage draw(BgrImage image, List<DetectedFace> faces) {
    Mat canvas = image.mat().clone();
    // Lines a few pixels thick on a 250-pixel LFW image would hide the face; scale them with the image.
    int thickness = Math.max(1, Math.round(Math.min(image.width(), image.height()) / 250f));
    for (DetectedFace face : faces) {
      BoundingBox box = face.box();
      try (Point topLeft = point(box.x(), box.y()); Point bottomRight = point(box.x() + box.width(), box.y() + box.height());
          Point label = point(box.x(), box.y() - 4 * thickness)) {
        rectangle(canvas, topLeft, bottomRight, BOX, thickness, LINE_AA, 0);
        putText(canvas, String.format(Locale.ROOT, "%.2f", face.score()), label, FONT_HERSHEY_SIMPLEX, 0.4 * thickness, BOX, thickness, LINE_AA, false);
      }
      for (int i = 0; i < Landmarks.COUNT; i++) {
        try (Point centre = point(face.landmarks().x(i), face.landmarks().y(i))) {
          circle(canvas, centre, 2 * thickness, LANDMARK_COLOURS[i], FILLED, LINE_AA, 0);
        }
      }
    }
    return new BgrImage(canvas, image.source());
  }

  private static Point point(float x, float y) {
    return new Point(Math.round(x), Math.round(y));
  }
}
