package io.faceengine.core.eval;

import java.util.List;

/**
 * What an identification search returned for one probe.
 *
 * @param mated true when the probe's person is enrolled in the gallery
 * @param label the probe's true person
 * @param candidates the gallery's answer, best (smallest distance) first; empty when the probe had no
 *     face or the search found nothing
 */
public record ProbeResult(boolean mated, String label, List<Candidate> candidates) {
  /** A gallery face returned for a probe: its person and its distance to the probe. */
  public record Candidate(String label, double distance) {
    public Candidate {
      if (Double.isNaN(distance)) {
        throw new IllegalArgumentException("candidate " + label + " has no distance (NaN)");
      }
    }
  }

  public ProbeResult {
    if (label == null || label.isEmpty()) {
      throw new IllegalArgumentException("a probe needs its true label");
    }
    candidates = List.copyOf(candidates);
    for (int i = 1; i < candidates.size(); i++) {
      if (candidates.get(i).distance() < candidates.get(i - 1).distance()) {
        throw new IllegalArgumentException("candidates of probe " + label + " are not ranked by distance: "
            + candidates.get(i - 1).distance() + " before " + candidates.get(i).distance());
      }
    }
  }

  /** The best candidate's distance; infinite without a candidate (never accepted at any threshold). */
  public double bestDistance() {
    return candidates.isEmpty() ? Double.POSITIVE_INFINITY : candidates.get(0).distance();
  }

  /**
   * The probe's person's rank among the distinct persons of the candidates (1 = first), as a CMC
   * curve counts it: several faces of one person take one rank. 0 when the person is not among them.
   */
  public int personRank() {
    List<String> persons = candidates.stream().map(Candidate::label).distinct().toList();
    return persons.indexOf(label) + 1;
  }

  /** True when one of the first {@code rank} candidates is the probe's person. */
  public boolean foundWithin(int rank) {
    return candidates.stream().limit(rank).anyMatch(c -> label.equals(c.label()));
  }
}
