package io.faceengine.core.embed;

import io.faceengine.core.compare.DistanceMetric;
import java.util.List;

/**
 * Fuses several models' unit embeddings of one face into one: each scaled by {@code sqrt(w_i)},
 * concatenated and re-normalised. With weights summing to 1 the fused vector is already unit length
 * and the cosine similarity of two fused embeddings is {@code sum(w_i * cos_i)}.
 */
public final class EmbeddingFusion {
  private final double[] scales;

  public EmbeddingFusion(double[] weights) {
    scales = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      scales[i] = Math.sqrt(weights[i]);
    }
  }

  /** The fused embedding of one face from its unit embeddings, one per model in the weights' order. */
  public float[] fuse(List<float[]> parts) {
    if (parts.size() != scales.length) {
      throw new IllegalArgumentException("fusion of " + scales.length + " models got " + parts.size() + " embeddings");
    }
    int dimension = parts.stream().mapToInt(p -> p.length).sum();
    float[] fused = new float[dimension];
    int offset = 0;
    for (int i = 0; i < scales.length; i++) {
      float[] part = parts.get(i);
      for (int k = 0; k < part.length; k++) {
        fused[offset + k] = (float) (scales[i] * part[k]);
      }
      offset += part.length;
    }
    DistanceMetric.normalize(fused);
    return fused;
  }
}
