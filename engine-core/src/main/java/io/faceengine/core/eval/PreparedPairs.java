package io.faceengine.core.eval;

import java.util.ArrayList;
import java.util.List;

/** Scored pairs turned into {@link Sample}s under a {@link MissingPairPolicy}, with the missing counts. */
record PreparedPairs(List<Sample> samples, int given, int missingSame, int missingDifferent) {
  static PreparedPairs of(List<ScoredPair> pairs, MissingPairPolicy policy) {
    List<Sample> samples = new ArrayList<>(pairs.size());
    int missingSame = 0;
    int missingDifferent = 0;
    for (ScoredPair pair : pairs) {
      if (pair.distance().isPresent()) {
        samples.add(new Sample(pair.fold(), pair.samePerson(), pair.distance().getAsDouble()));
        continue;
      }
      if (pair.samePerson()) {
        missingSame++;
      } else {
        missingDifferent++;
      }
      if (policy == MissingPairPolicy.COUNT_AS_WRONG) {
        // Worst case: never accepted if same person, always accepted if not (thresholds are finite).
        double worst = pair.samePerson() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        samples.add(new Sample(pair.fold(), pair.samePerson(), worst));
      }
    }
    if (samples.stream().noneMatch(s -> Double.isFinite(s.distance()))) {
      throw new IllegalArgumentException("no pair has a distance (" + pairs.size() + " pairs given)");
    }
    return new PreparedPairs(List.copyOf(samples), pairs.size(), missingSame, missingDifferent);
  }

  /**
   * The pairs VAL, FAR and the ROC curve are measured on: all but the missing different-person pairs
   * (the {@code -infinity} stand-ins of {@link MissingPairPolicy#COUNT_AS_WRONG}). A threshold cannot
   * accept a pair without a distance, and one counted as accepted at every threshold would put a
   * floor under FAR that no target below it could reach. Missing same-person pairs stay, as false
   * rejects: VAL remains a lower bound.
   */
  PreparedPairs forRates() {
    List<Sample> rated = samples.stream().filter(s -> s.same() || s.distance() != Double.NEGATIVE_INFINITY).toList();
    return new PreparedPairs(rated, given, missingSame, missingDifferent);
  }

  /** The samples of one fold. */
  List<Sample> fold(int fold) {
    return samples.stream().filter(s -> s.fold() == fold).toList();
  }

  /** The samples of every fold but one. */
  List<Sample> allBut(int fold) {
    return samples.stream().filter(s -> s.fold() != fold).toList();
  }
}
