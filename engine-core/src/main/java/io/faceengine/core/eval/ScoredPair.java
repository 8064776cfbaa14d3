package io.faceengine.core.eval;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A labelled pair with its distance for evaluation: lower distance means more alike, and an empty
 * distance means the pair could not be scored (see {@link MissingPairPolicy}). {@code fold} is the
 * 0-based cross-validation fold; it is ignored by {@link DevSplit}.
 */
public record ScoredPair(int fold, boolean samePerson, OptionalDouble distance) {
  public ScoredPair {
    Objects.requireNonNull(distance, "distance");
    if (fold < 0) {
      throw new IllegalArgumentException("fold must be >= 0, got " + fold);
    }
    // A NaN or infinite distance is a bug upstream, not a missing face: refuse it rather than guess.
    if (distance.isPresent() && !Double.isFinite(distance.getAsDouble())) {
      throw new IllegalArgumentException("distance must be finite, got " + distance.getAsDouble());
    }
  }

  /** A pair with a distance. */
  public static ScoredPair scored(int fold, boolean samePerson, double distance) {
    return new ScoredPair(fold, samePerson, OptionalDouble.of(distance));
  }

  /** A pair that could not be scored. */
  public static ScoredPair missing(int fold, boolean samePerson) {
    return new ScoredPair(fold, samePerson, OptionalDouble.empty());
  }

  /** An LFW pair with its distance, or empty when a face was not found in one of its images. */
  public static ScoredPair of(LfwPair pair, OptionalDouble distance) {
    return new ScoredPair(pair.fold(), pair.samePerson(), distance);
  }
}
