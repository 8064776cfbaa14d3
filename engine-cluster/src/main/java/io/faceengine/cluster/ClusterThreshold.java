package io.faceengine.cluster;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.model.ModelSpec;
import java.io.Serializable;
import java.util.Locale;

/**
 * The distance beyond which two faces are not linked in the kNN graph, on the model's metric, and
 * the cosine similarity it corresponds to (edges are weighted and pruned by similarity).
 *
 * <p>The rule (docs/clustering.md): without {@code --threshold}, the model manifest's
 * {@code identificationThreshold} (its 1:1 {@code threshold} when it has none). Each face is
 * compared with its k nearest among the whole collection, a 1:N question: the 1:1 threshold lets
 * in about 54 strangers per face on LFW, and Chinese whispers then merged LFW into 148 clusters
 * (pairwise F 0.04, against 0.98 at the identification threshold).
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
    return new ClusterThreshold(model.metric(), distance, model.metric().similarity(distance));
  }

  public String describe() {
    return String.format(Locale.ROOT, "%s distance <= %.4f (cosine similarity >= %.4f)", metric, distance, similarity);
  }
}
