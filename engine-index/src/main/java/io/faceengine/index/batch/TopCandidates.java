package io.faceengine.index.batch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The best k candidates of one probe, best first ({@link Candidate#BEST_FIRST}). Merging the lists
 * of every shard gives the global top k: each shard's list holds its own best k, so no face of the
 * global top k is missing from them. A face listed twice (a probe repeated in the input) is kept once.
 */
final class TopCandidates implements Serializable {
  private final int k;
  private final List<Candidate> ranked;

  private TopCandidates(int k, List<Candidate> ranked) {
    this.k = k;
    this.ranked = ranked;
  }

  /** The best k of {@code candidates}, in any order. */
  static TopCandidates of(int k, List<Candidate> candidates) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    Map<String, Candidate> byFace = new HashMap<>();
    for (Candidate candidate : candidates) {
      byFace.merge(candidate.faceId(), candidate, (a, b) -> Candidate.BEST_FIRST.compare(a, b) <= 0 ? a : b);
    }
    List<Candidate> sorted = new ArrayList<>(byFace.values());
    sorted.sort(Candidate.BEST_FIRST);
    return new TopCandidates(k, List.copyOf(sorted.subList(0, Math.min(k, sorted.size()))));
  }

  /** The best k of both lists. */
  TopCandidates merge(TopCandidates other) {
    if (other.k != k) {
      throw new IllegalArgumentException("cannot merge top " + k + " with top " + other.k);
    }
    List<Candidate> both = new ArrayList<>(ranked);
    both.addAll(other.ranked);
    return of(k, both);
  }

  /** Best first, at most k. */
  List<Candidate> ranked() {
    return ranked;
  }
}
