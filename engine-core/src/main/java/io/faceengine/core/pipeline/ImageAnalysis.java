package io.faceengine.core.pipeline;

import io.faceengine.core.detect.BoundingBox;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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
    return central(faces, f -> f.detection().box(), width, height);
  }

  /** {@link #centralFace}'s rule for faces of any kind (e.g. a search answer's), given their boxes and the image size. */
  public static <T> Optional<T> central(List<T> faces, Function<T, BoundingBox> box, int width, int height) {
    Comparator<T> bySize = Comparator.comparingDouble(f -> box.apply(f).area());
    Optional<T> central = faces.stream().filter(f -> containsCentre(box.apply(f), width, height)).max(bySize);
    return central.isPresent() ? central : faces.stream().max(bySize);
  }

  private static boolean containsCentre(BoundingBox box, int width, int height) {
    float cx = width / 2f;
    float cy = height / 2f;
    return cx >= box.x() && cx <= box.x() + box.width() && cy >= box.y() && cy <= box.y() + box.height();
  }
}
