package io.faceengine.core.embed;

import io.faceengine.core.align.FaceAligner;
import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.image.BgrImage;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Detected faces in, embeddings out: each embedder gets the face aligned the way its model wants.
 * One embedder gives its own embedding; several (a fusion) give their embeddings fused by
 * {@link EmbeddingFusion}. Owns its embedders; thread-safe as they are.
 */
public final class FaceEncoder implements AutoCloseable {
  /** One embedder and the alignment of its input. */
  public record Part(FaceAligner aligner, FaceEmbedder embedder) {}

  private final List<Part> parts;
  private final EmbeddingFusion fusion;

  /** A single model's encoder. */
  public FaceEncoder(FaceAligner aligner, FaceEmbedder embedder) {
    this.parts = List.of(new Part(aligner, embedder));
    this.fusion = null;
  }

  /** A fused encoder: {@code weights[i]} is the share of {@code parts[i]} (see {@link EmbeddingFusion}). */
  public FaceEncoder(List<Part> parts, double[] weights) {
    if (parts.size() < 2 || parts.size() != weights.length) {
      throw new IllegalArgumentException("a fusion needs two or more embedders, one weight each; got " + parts.size()
          + " embedders and " + weights.length + " weights");
    }
    this.parts = List.copyOf(parts);
    this.fusion = new EmbeddingFusion(weights);
  }

  /** The face cut out for each embedder, in order (the first is the one quality is measured on); the caller closes them. */
  public List<Mat> align(BgrImage image, DetectedFace face) {
    List<Mat> crops = new ArrayList<>(parts.size());
    try {
      for (Part part : parts) {
        crops.add(part.aligner().align(image, face));
      }
      return crops;
    } catch (RuntimeException e) {
      crops.forEach(Mat::close);
      throw e;
    }
  }

  /** One unit embedding per face, from each face's crops as {@link #align} made them. */
  public List<float[]> embed(List<List<Mat>> facesCrops) {
    List<List<float[]>> byPart = new ArrayList<>(parts.size());
    for (int p = 0; p < parts.size(); p++) {
      int index = p;
      byPart.add(parts.get(p).embedder().embed(facesCrops.stream().map(crops -> crops.get(index)).toList()));
    }
    if (fusion == null) {
      return byPart.get(0);
    }
    List<float[]> out = new ArrayList<>(facesCrops.size());
    for (int f = 0; f < facesCrops.size(); f++) {
      int face = f;
      out.add(fusion.fuse(byPart.stream().map(embeddings -> embeddings.get(face)).toList()));
    }
    return out;
  }

  /** The embedding length. */
  public int dimension() {
    return parts.stream().mapToInt(p -> p.embedder().dimension()).sum();
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (Part part : parts) {
      try {
        part.embedder().close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
