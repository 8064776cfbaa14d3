package io.faceengine.core.eval;

import io.faceengine.core.person.PersonDistance;
import java.util.Comparator;
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
  /**
   * A gallery face returned for a probe: its person and its distance to the probe. In an answer of
   * persons (an index with templates), {@code faceDistance} and {@code templateDistance} are the
   * person's nearest face's and template's distances (the latter null without a template), and
   * {@code distance} the person's by the service's rule; both null in an answer of faces.
   */
  public record Candidate(String label, double distance, Double faceDistance, Double templateDistance) {
    public Candidate {
      if (Double.isNaN(distance)) {
        throw new IllegalArgumentException("candidate " + label + " has no distance (NaN)");
      }
    }

    /** A face of an answer of faces. */
    public Candidate(String label, double distance) {
      this(label, distance, null, null);
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

  /**
   * This result with its candidates' distances made by another person rule and ranked again (an
   * answer of persons: every candidate has its face distance); for comparing rules on one run.
   */
  public ProbeResult rankedBy(PersonDistance rule) {
    List<Candidate> ranked = candidates.stream()
        .map(c -> {
          if (c.faceDistance() == null) {
            throw new IllegalStateException("probe " + label + ": candidate " + c.label() + " has no face distance");
          }
          Float template = c.templateDistance() == null ? null : c.templateDistance().floatValue();
          return new Candidate(c.label(), rule.of(c.faceDistance().floatValue(), template), c.faceDistance(),
              c.templateDistance());
        })
        .sorted(Comparator.comparingDouble(Candidate::distance))
        .toList();
    return new ProbeResult(mated, label, ranked);
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
