package io.faceengine.core.eval;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One verification pair from an LFW pairs file: two image paths, whether they show the same person,
 * and the 0-based cross-validation fold the pair belongs to ({@code 0..9} in {@code pairs.txt},
 * always {@code 0} in the single-fold dev files).
 */
public record LfwPair(Path first, Path second, boolean samePerson, int fold) {
  public LfwPair {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    if (fold < 0) {
      throw new IllegalArgumentException("fold must be >= 0, got " + fold);
    }
  }
}
