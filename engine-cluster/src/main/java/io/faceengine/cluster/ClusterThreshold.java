package io.faceengine.cluster;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.model.ModelSpec;
import java.io.Serializable;
import java.util.Locale;

/**
 * The distance beyond which two faces are not linked in the kNN graph, on the model's metric, and
 * the cosine similarity it corresponds to (edges are weighted and pruned by similarity).
 *
 * <p>The rule (docs/clustering.md): without {@code --threshold}, the model manifest's 1:1
 * verification {@code threshold}. An edge is a pairwise same-person decision, which is what that
 * threshold was chosen for; the tighter {@code identificationThreshold} answers a different
 * question (the best of N candidates) and, measured on LFW, splits people into more clusters.
 *
 * @param distance on {@code metric}, in (0, {@link #MAX_DISTANCE}]
 * @param similarity the cosine similarity of two unit vectors at that distance
 */
public record ClusterThreshold(DistanceMetric metric, float distance, float similarity) implements Serializable {
  /** Both metrics span [0, 2] on unit vectors (Euclidean: opposite vectors; cosine: 1 - (-1)). */
  public static final float MAX_DISTANCE = 2f;

  public ClusterThreshold {
    if (!(distance > 0f && distance <= MAX_DISTANCE)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "--threshold %s is outside the range of the %s distance on unit vectors, (0, %.0f]", distance, metric,
          MAX_DISTANCE));
    }
  }

  /** The default distance for {@code model}: see the class comment. */
  public static float rule(ModelSpec model) {
    return model.searchThreshold();
  }

  /** The override, else {@link #rule}. */
  public static ClusterThreshold of(ModelSpec model, Float override) {
    float distance = override != null ? override : rule(model);
    if (!(distance > 0f && distance <= MAX_DISTANCE)) {
      return new ClusterThreshold(model.metric(), distance, Float.NaN); // throws, naming the range
    }
    return new ClusterThreshold(model.metric(), distance, model.metric().similarity(distance));
  }

  public String describe() {
    return String.format(Locale.ROOT, "%s distance <= %.4f (cosine similarity >= %.4f)", metric, distance, similarity);
  }
}
