package io.faceengine.core.pipeline;

import io.faceengine.core.detect.BoundingBox;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every face found in one image, with the image's decoded size. */
public record ImageAnalysis(String source, int width, int height, List<FaceAnalysis> faces) {
  public ImageAnalysis {
    faces = List.copyOf(faces);
  }

  /** The most confident face, if any. */
  public Optional<FaceAnalysis> bestFace() {
    return faces.isEmpty() ? Optional.empty() : Optional.of(faces.get(0));
  }

  /**
   * The portrait's subject: the largest face whose box contains the image centre, else the largest
   * face. Datasets such as LFW centre the labelled person, while bystanders may be more confident.
   */
  public Optional<FaceAnalysis> centralFace() {
    Comparator<FaceAnalysis> bySize = Comparator.comparingDouble(f -> f.detection().box().area());
    Optional<FaceAnalysis> central = faces.stream().filter(f -> containsCentre(f.detection().box())).max(bySize);
    return central.isPresent() ? central : faces.stream().max(bySize);
  }

  private boolean containsCentre(BoundingBox box) {
    float cx = width / 2f;
    float cy = height / 2f;
    return cx >= box.x() && cx <= box.x() + box.width() && cy >= box.y() && cy <= box.y() + box.height();
  }
}
