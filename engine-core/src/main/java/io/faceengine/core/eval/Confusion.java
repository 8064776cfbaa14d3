package io.faceengine.core.eval;

import java.util.List;

/** Accept/reject counts of a set of samples at one threshold. */
record Confusion(int trueAccepts, int falseAccepts, int trueRejects, int falseRejects) {
  static Confusion at(double threshold, List<Sample> samples) {
    int[] counts = new int[4];
    for (Sample s : samples) {
      boolean accepted = s.acceptedAt(threshold);
      counts[(s.same() ? 0 : 2) + (accepted ? 0 : 1)]++;
    }
    return new Confusion(counts[0], counts[2], counts[3], counts[1]);
  }

  int total() {
    return trueAccepts + falseAccepts + trueRejects + falseRejects;
  }

  double accuracy() {
    return (double) (trueAccepts + trueRejects) / total();
  }

  /** Validation rate, FaceNet's VAL = TA / P_same. */
  double validationRate() {
    return (double) trueAccepts / (trueAccepts + falseRejects);
  }

  /** False accept rate, FaceNet's FAR = FA / P_diff. */
  double falseAcceptRate() {
    return (double) falseAccepts / (falseAccepts + trueRejects);
  }
}
