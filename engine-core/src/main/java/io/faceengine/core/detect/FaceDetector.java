package io.faceengine.core.detect;

import io.faceengine.core.image.BgrImage;
import java.util.List;

/**
 * Finds faces in a decoded image. Implementations hold a native session: one instance may be used
 * by several threads only where the implementation says so; close it when done.
 */
public interface FaceDetector extends AutoCloseable {
  /** Faces in the image, most confident first; an empty list when there is none. */
  List<DetectedFace> detect(BgrImage image);

  @Override
  void close();
}
