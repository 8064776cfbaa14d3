package io.faceengine.core.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.pyrDown;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.faceengine.core.image.BgrImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Face detector running the YuNet ONNX model (libfacedetection, e.g. {@code yunet_n_dynamic.onnx})
 * with ONNX Runtime, decoding its output like OpenCV's FaceDetectorYN.
 *
 * <p>Each image is scaled down when its longer side exceeds {@link DetectorOptions#maxInputSide()},
 * padded with black at the bottom and right to multiples of 32 (never stretched), fed as BGR
 * floats in 0..255 without normalisation, and the faces found are mapped back to the source image's
 * pixels. Boxes may extend past the image's edges for faces cut by them.
 *
 * <p>Thread-safe: {@link #detect} keeps no state between calls and ONNX Runtime sessions may run
 * concurrently, so one detector may serve several threads; {@link #close()} must not race with them.
 */
public final class YuNetDetector implements FaceDetector {
  private static final int SIZE_MULTIPLE = 32;

  private final OrtSession session;
  private final DetectorOptions options;
  private final String inputName;

  /**
   * Takes ownership of the session: the detector closes it, also when it rejects it here.
   *
   * @throws IllegalArgumentException when the session lacks YuNet's single input or its
   *     {@code cls_/obj_/bbox_/kps_<stride>} outputs
   */
  public YuNetDetector(OrtSession session, DetectorOptions options) {
    this.session = Objects.requireNonNull(session, "session");
    this.options = options;
    try {
      Objects.requireNonNull(options, "options");
      if (session.getNumInputs() != 1) {
        throw new IllegalArgumentException("YuNet has one input, this model has " + session.getInputNames());
      }
      for (int stride : YuNetOutputs.STRIDES) {
        for (String kind : new String[] {"cls", "obj", "bbox", "kps"}) {
          if (!session.getOutputNames().contains(kind + "_" + stride)) {
            throw new IllegalArgumentException("not a YuNet model: no output " + kind + "_" + stride + " among " + session.getOutputNames());
          }
        }
      }
      this.inputName = session.getInputNames().iterator().next();
    } catch (RuntimeException e) {
      try {
        close();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  public DetectorOptions options() {
    return options;
  }

  @Override
  public List<DetectedFace> detect(BgrImage image) {
    int longerSide = Math.max(image.width(), image.height());
    float scale = Math.min(1f, options.maxInputSide() / (float) longerSide);
    List<DetectedFace> candidates;
    if (scale < 1f) {
      try (Size size = new Size(Math.max(1, Math.round(image.width() * scale)), Math.max(1, Math.round(image.height() * scale)));
          Mat small = shrink(image.mat(), size)) {
        candidates = candidates(small, options.minFaceSize() * scale, image.source());
      }
    } else {
      candidates = candidates(image.mat(), options.minFaceSize(), image.source());
    }
    List<DetectedFace> faces = NonMaxSuppression.apply(candidates, options.nmsIouThreshold(), options.topK());
    return scale < 1f ? faces.stream().map(face -> face.scaled(1f / scale)).toList() : faces;
  }

  /**
   * The image scaled down to {@code size} by area averaging, which does not alias. OpenCV's
   * general INTER_AREA path is slow on large images (about 40 ms for 12 megapixels), so halve
   * with pyrDown (a Gaussian blur and decimation, a few milliseconds) while the image is at least
   * twice the target, and average only the last step: about twice as fast overall.
   */
  private static Mat shrink(Mat image, Size size) {
    Mat current = image;
    while (current.cols() >= 2 * size.width() && current.rows() >= 2 * size.height()) {
      Mat half = new Mat();
      pyrDown(current, half);
      if (current != image) {
        current.close();
      }
      current = half;
    }
    Mat small = new Mat();
    resize(current, small, size, 0, 0, INTER_AREA);
    if (current != image) {
      current.close();
    }
    return small;
  }

  /** Runs the network on the BGR pixels and decodes the candidates, in those pixels' coordinates. */
  private List<DetectedFace> candidates(Mat bgr, float minSize, String source) {
    int paddedWidth = roundUp(bgr.cols());
    int paddedHeight = roundUp(bgr.rows());
    float[] blob = planarBlob(bgr, paddedWidth, paddedHeight);
    long[] shape = {1, 3, paddedHeight, paddedWidth};
    try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(blob), shape);
        OrtSession.Result result = session.run(Map.of(inputName, input))) {
      List<YuNetOutputs.StrideOutput> outputs = new ArrayList<>();
      for (int stride : YuNetOutputs.STRIDES) {
        outputs.add(new YuNetOutputs.StrideOutput(stride,
            floats(result, "cls_" + stride), floats(result, "obj_" + stride), floats(result, "bbox_" + stride), floats(result, "kps_" + stride)));
      }
      return YuNetOutputs.decode(outputs, paddedWidth, paddedHeight, options.scoreThreshold(), minSize);
    } catch (OrtException e) {
      throw new IllegalStateException("YuNet inference failed on " + source, e);
    }
  }

  /**
   * The interleaved BGR bytes as a planar [3][paddedHeight][paddedWidth] float array, 0..255;
   * the cells beyond the image stay 0, which is the black padding.
   */
  private static float[] planarBlob(Mat bgr, int paddedWidth, int paddedHeight) {
    int width = bgr.cols();
    int height = bgr.rows();
    byte[] pixels = new byte[width * height * 3];
    if (bgr.isContinuous()) {
      bgr.data().get(pixels);
    } else {
      try (Mat copy = bgr.clone()) { // a region of a larger image: rows are not adjacent
        copy.data().get(pixels);
      }
    }
    int plane = paddedWidth * paddedHeight;
    float[] blob = new float[3 * plane];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int from = 3 * (y * width + x);
        int to = y * paddedWidth + x;
        blob[to] = pixels[from] & 0xFF;
        blob[plane + to] = pixels[from + 1] & 0xFF;
        blob[2 * plane + to] = pixels[from + 2] & 0xFF;
      }
    }
    return blob;
  }

  private static float[] floats(OrtSession.Result result, String name) {
    OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("YuNet produced no " + name));
    FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static int roundUp(int size) {
    return (size + SIZE_MULTIPLE - 1) / SIZE_MULTIPLE * SIZE_MULTIPLE;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("could not close the YuNet session", e);
    }
  }
}
