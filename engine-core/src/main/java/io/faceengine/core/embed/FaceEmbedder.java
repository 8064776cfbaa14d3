package io.faceengine.core.embed;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Turns aligned face crops into L2-normalised embeddings. */
public interface FaceEmbedder extends AutoCloseable {
  /** One unit-length embedding per crop, in order. Crops must have the model's input size. */
  List<float[]> embed(List<Mat> alignedFaces);

  /** The embedding length. */
  int dimension();

  @Override
  void close();
}
