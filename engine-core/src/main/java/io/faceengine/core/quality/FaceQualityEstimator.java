package io.faceengine.core.quality;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.Landmarks;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Estimates {@link FaceQuality} from a detection and its aligned crop. Pose comes from the five
 * landmarks with a simple model of a face: the nose tip stands out of the eye plane by about
 * {@value #NOSE_DEPTH} inter-eye distances, and on a frontal face it sits {@value #FRONTAL_NOSE_RATIO}
 * of the way from the eye line to the mouth line (dlib's mean face). Coarse, but enough to filter
 * profiles and strong tilts.
 */
public final class FaceQualityEstimator {
  static final double NOSE_DEPTH = 0.6;
  static final double FRONTAL_NOSE_RATIO = 0.531;

  public FaceQuality estimate(DetectedFace face, Mat alignedCrop) {
    Landmarks lm = face.landmarks();
    double eyeDx = lm.x(Landmarks.LEFT_EYE) - lm.x(Landmarks.RIGHT_EYE);
    double eyeDy = lm.y(Landmarks.LEFT_EYE) - lm.y(Landmarks.RIGHT_EYE);
    double interEye = lm.interEyeDistance();
    double roll = Math.toDegrees(Math.atan2(eyeDy, eyeDx));
    float[] pose = yawPitch(lm, roll, interEye);
    return new FaceQuality(
        face.score(),
        Math.min(face.box().width(), face.box().height()),
        (float) interEye,
        (float) sharpness(alignedCrop),
        pose[0],
        pose[1],
        (float) roll);
  }

  /** Yaw and pitch in degrees, measured in the face's own frame (roll removed). */
  private static float[] yawPitch(Landmarks lm, double rollDegrees, double interEye) {
    if (interEye < 1e-6) {
      return new float[] {0f, 0f};
    }
    double cos = Math.cos(Math.toRadians(-rollDegrees));
    double sin = Math.sin(Math.toRadians(-rollDegrees));
    double eyeX = (lm.x(Landmarks.RIGHT_EYE) + lm.x(Landmarks.LEFT_EYE)) / 2;
    double eyeY = (lm.y(Landmarks.RIGHT_EYE) + lm.y(Landmarks.LEFT_EYE)) / 2;
    double mouthX = (lm.x(Landmarks.RIGHT_MOUTH) + lm.x(Landmarks.LEFT_MOUTH)) / 2;
    double mouthY = (lm.y(Landmarks.RIGHT_MOUTH) + lm.y(Landmarks.LEFT_MOUTH)) / 2;
    double noseDx = lm.x(Landmarks.NOSE_TIP) - eyeX;
    double noseDy = lm.y(Landmarks.NOSE_TIP) - eyeY;
    double noseX = cos * noseDx - sin * noseDy;
    double noseY = sin * noseDx + cos * noseDy;
    double mouthDy = sin * (mouthX - eyeX) + cos * (mouthY - eyeY);
    double depth = NOSE_DEPTH * interEye;
    double yaw = Math.toDegrees(Math.atan2(noseX, depth));
    double pitch = mouthDy > 1e-6
        ? Math.toDegrees(Math.atan2(noseY - FRONTAL_NOSE_RATIO * mouthDy, depth))
        : 0;
    return new float[] {(float) yaw, (float) pitch};
  }

  /** Variance of the Laplacian: the usual cheap focus measure. */
  static double sharpness(Mat bgr) {
    try (Mat grey = new Mat();
        Mat lap = new Mat();
        Mat mean = new Mat();
        Mat std = new Mat()) {
      cvtColor(bgr, grey, COLOR_BGR2GRAY);
      Laplacian(grey, lap, CV_64F);
      meanStdDev(lap, mean, std);
      try (DoubleIndexer s = std.createIndexer()) {
        double sd = s.get(0);
        return sd * sd;
      }
    }
  }
}
