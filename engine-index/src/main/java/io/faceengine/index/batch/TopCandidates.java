package io.faceengine.index.batch;

import io.faceengine.core.compare.TopK;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The best k candidates of one probe, best first ({@link Candidate#BEST_FIRST}), as Spark's reduce
 * merges them shard list by shard list: {@link TopK}, the query router's merge too, with its k.
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
    return new TopCandidates(k, TopK.of(k, candidates, Candidate::faceId, Candidate.BEST_FIRST));
  }

  /** Candidates already ranked, best first (persons ranked by {@link PersonLookup}). */
  static TopCandidates ranked(int k, List<Candidate> ranked) {
    return new TopCandidates(k, List.copyOf(ranked.subList(0, Math.min(k, ranked.size()))));
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
