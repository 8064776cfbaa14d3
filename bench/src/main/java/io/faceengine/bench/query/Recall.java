package io.faceengine.bench.query;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Recall@k: the share of the exact top k that an answer holds. */
public final class Recall {
  private Recall() {}

  /** How many of {@code exact}'s ids (the true top k) are among {@code found}'s, over {@code exact}'s count. */
  public static double of(String[] found, String[] exact) {
    if (exact.length == 0) {
      throw new IllegalArgumentException("recall needs the exact answer's ids");
    }
    Set<String> truth = Arrays.stream(exact).collect(Collectors.toSet());
    return (double) Arrays.stream(found).distinct().filter(truth::contains).count() / exact.length;
  }
}
