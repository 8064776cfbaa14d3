package io.faceengine.core.eval;

import io.faceengine.core.person.PersonDistance;
import java.util.Comparator;
import java.util.List;

/**
 * What an identification search returned for one probe.
 *
 * <p>A probe the quality gate answered {@code low_quality} names nobody: it counts as a probe without
 * an answer (a miss when mated, a correct rejection when not) in {@link #bestDistance},
 * {@link #personRank} and {@link #foundWithin}, though its {@code candidates} are kept;
 * {@link #ungated()} is the same search decided without the gate.
 *
 * @param mated true when the probe's person is enrolled in the gallery
 * @param label the probe's true person
 * @param candidates the gallery's answer, best (smallest distance) first; empty when the probe had no
 *     face or the search found nothing
 * @param qualityReasons the quality limits the probe broke when the search answered it
 *     {@code low_quality}; empty otherwise
 */
public record ProbeResult(boolean mated, String label, List<Candidate> candidates, List<String> qualityReasons) {
  /** A probe the quality gate let through (or no gate). */
  public ProbeResult(boolean mated, String label, List<Candidate> candidates) {
    this(mated, label, candidates, List.of());
  }

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
    qualityReasons = List.copyOf(qualityReasons);
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
    return new ProbeResult(mated, label, ranked, qualityReasons);
  }

  /** Whether the search answered {@code low_quality}. */
  public boolean lowQuality() {
    return !qualityReasons.isEmpty();
  }

  /** This search decided without the quality gate: its candidates count. */
  public ProbeResult ungated() {
    return lowQuality() ? new ProbeResult(mated, label, candidates) : this;
  }

  /**
   * The best candidate's distance; infinite without a candidate or when answered {@code low_quality}
   * (never accepted at any threshold).
   */
  public double bestDistance() {
    return candidates.isEmpty() || lowQuality() ? Double.POSITIVE_INFINITY : candidates.get(0).distance();
  }

  /**
   * The probe's person's rank among the distinct persons of the candidates (1 = first), as a CMC
   * curve counts it: several faces of one person take one rank. 0 when the person is not among them
   * or the probe was answered {@code low_quality}.
   */
  public int personRank() {
    if (lowQuality()) {
      return 0;
    }
    List<String> persons = candidates.stream().map(Candidate::label).distinct().toList();
    return persons.indexOf(label) + 1;
  }

  /** True when one of the first {@code rank} candidates is the probe's person (never for a {@code low_quality} answer). */
  public boolean foundWithin(int rank) {
    return !lowQuality() && candidates.stream().limit(rank).anyMatch(c -> label.equals(c.label()));
  }
}
