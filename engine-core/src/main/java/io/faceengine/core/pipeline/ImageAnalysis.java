package io.faceengine.core.pipeline;

import java.util.List;

/** Every face found in one image, with the image's decoded size. */
public record ImageAnalysis(String source, int width, int height, List<FaceAnalysis> faces) {
  public ImageAnalysis {
    faces = List.copyOf(faces);
  }

  /** The most confident face, if any. */
  public java.util.Optional<FaceAnalysis> bestFace() {
    return faces.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(faces.get(0));
  }
}
