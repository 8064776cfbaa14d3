package io.faceengine.core.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The pairs of one LFW pairs file ({@code pairs.txt}, {@code pairsDevTrain.txt} or
 * {@code pairsDevTest.txt}), in file order, with the number of folds the file declares.
 *
 * <p>Format: the first line is either {@code "folds n"} ({@code pairs.txt}: {@code 10 300}) or a
 * single count {@code n} (dev files, one fold). Each fold then lists {@code n} matched pairs
 * {@code Name<TAB>n1<TAB>n2} followed by {@code n} mismatched pairs
 * {@code Name1<TAB>n1<TAB>Name2<TAB>n2}. Image {@code k} of {@code Name} is
 * {@code Name/Name_000k.jpg} under the image root.
 */
public record LfwPairs(Path source, int folds, List<LfwPair> pairs) {
  public LfwPairs {
    Objects.requireNonNull(source, "source");
    pairs = List.copyOf(pairs);
    if (folds < 1) {
      throw new IllegalArgumentException("folds must be >= 1, got " + folds);
    }
    for (LfwPair pair : pairs) {
      if (pair.fold() >= folds) {
        throw new IllegalArgumentException("pair " + pair + " is in fold " + pair.fold() + " of only " + folds);
      }
    }
  }

  /** Reads a pairs file whose images live next to it (the LFW layout: person folders beside the file). */
  public static LfwPairs read(Path pairsFile) throws IOException {
    return read(pairsFile, pairsFile.toAbsolutePath().getParent());
  }

  /**
   * Reads a pairs file, resolving image paths under {@code imageRoot}. Images are not opened: use
   * {@link #images()} to check or load them.
   *
   * @throws PairsFormatException if the file is malformed (the message names file and line)
   */
  public static LfwPairs read(Path pairsFile, Path imageRoot) throws IOException {
    return new LfwPairsParser(pairsFile, imageRoot).parse();
  }

  /** The distinct images the pairs reference, in order of first use (each needs one embedding). */
  public List<Path> images() {
    Set<Path> images = new LinkedHashSet<>();
    for (LfwPair pair : pairs) {
      images.add(pair.first());
      images.add(pair.second());
    }
    return List.copyOf(images);
  }

  /** How many pairs show the same person. */
  public int samePersonCount() {
    return (int) pairs.stream().filter(LfwPair::samePerson).count();
  }
}
