package io.faceengine.core.person;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The persons a probe's search found, from face candidates and template candidates, and their
 * ranking: the merge of a search of an index with person templates, for the query router and
 * search-batch. A person is a label (a face without one is a person of its own, named by its face
 * id, without a template). A person found by its template but none of its faces, or by a face but
 * not its template, is {@linkplain #incomplete() incomplete}: the caller looks its nearest face and
 * its template up (a search restricted to the label) and adds them, then {@link #ranked} ranks every
 * person by {@link PersonDistance}. A person left without any face (all hidden) is not returned: an
 * answer always names a face. Not thread-safe.
 *
 * @param <F> the caller's face candidate
 */
public final class PersonCandidates<F> {
  /**
   * One person of the answer.
   *
   * @param label the person's label, or null for an unlabelled face
   * @param face the person's nearest face
   * @param faceDistance that face's distance
   * @param templateDistance the template's distance, or null when the person has none
   * @param distance the person's distance by the rule
   */
  public record Person<F>(String label, String faceId, F face, float faceDistance, Float templateDistance,
      float distance) {}

  private static final class Entry<F> {
    final String label;
    String faceId;
    F face;
    Float faceDistance;
    Float templateDistance;
    boolean lookedUp;

    Entry(String label) {
      this.label = label;
    }
  }

  private final Map<String, Entry<F>> byKey = new HashMap<>();

  /** A face candidate; the nearest face of a person is kept (ties: the smaller face id). */
  public void addFace(String label, String faceId, float distance, F face) {
    Entry<F> entry = byKey.computeIfAbsent(label != null ? label : faceId, key -> new Entry<>(label));
    if (entry.faceDistance == null || distance < entry.faceDistance
        || (distance == entry.faceDistance && faceId.compareTo(entry.faceId) < 0)) {
      entry.faceId = faceId;
      entry.face = face;
      entry.faceDistance = distance;
    }
  }

  /** A template candidate of a label. */
  public void addTemplate(String label, float distance) {
    Entry<F> entry = byKey.computeIfAbsent(label, key -> new Entry<>(label));
    if (entry.templateDistance == null || distance < entry.templateDistance) {
      entry.templateDistance = distance;
    }
  }

  /** Labels whose nearest face or template is still unknown, sorted: to look up, then {@link #lookedUp}. */
  public Set<String> incomplete() {
    Set<String> labels = new TreeSet<>();
    byKey.values().stream()
        .filter(e -> e.label != null && !e.lookedUp && (e.face == null || e.templateDistance == null))
        .forEach(e -> labels.add(e.label));
    return labels;
  }

  /**
   * The labels of {@link #incomplete()} whose lookup can change the k nearest persons by {@code rule}:
   * a person whose distance, whatever its missing side turns out to be, cannot come within the k-th
   * smallest distance that persons are sure to reach, is left out. A missing face is at least
   * {@code faceFloor} away, a missing template at least {@code templateFloor} (or absent, and the rule
   * then uses the other side).
   *
   * @param faceFloor the least distance a face the search did not return can have (infinite when
   *     the search returned every face)
   * @param templateFloor the same for templates
   */
  public Set<String> incomplete(PersonDistance rule, int k, float faceFloor, float templateFloor) {
    Set<String> labels = incomplete();
    if (labels.isEmpty()) {
      return labels;
    }
    double[] ceilings = byKey.values().stream().mapToDouble(e -> ceiling(e, rule)).sorted().toArray();
    double kth = ceilings.length >= k ? ceilings[k - 1] : Double.POSITIVE_INFINITY;
    Set<String> needed = new TreeSet<>();
    for (String label : labels) {
      if (floor(byKey.get(label), rule, faceFloor, templateFloor) <= kth) {
        needed.add(label);
      }
    }
    return needed;
  }

  private boolean complete(Entry<F> e) {
    return e.label == null || e.lookedUp || (e.face != null && e.templateDistance != null);
  }

  /** The most a person's distance can be once its missing side is known. */
  private double ceiling(Entry<F> e, PersonDistance rule) {
    if (complete(e)) {
      return e.face == null ? Double.POSITIVE_INFINITY : rule.of(e.faceDistance, e.templateDistance);
    }
    return switch (rule) {
      case BEST -> e.face != null ? e.faceDistance : e.templateDistance;
      case TEMPLATE -> e.templateDistance != null ? e.templateDistance : Double.POSITIVE_INFINITY;
      case FACE -> e.face != null ? e.faceDistance : Double.POSITIVE_INFINITY;
    };
  }

  /** The least a person's distance can be once its missing side is known. */
  private static <F> double floor(Entry<F> e, PersonDistance rule, float faceFloor, float templateFloor) {
    if (e.face == null) { // found by its template: a face at least faceFloor away, or none (then not answered)
      return switch (rule) {
        case BEST -> Math.min(e.templateDistance, faceFloor);
        case TEMPLATE -> e.templateDistance;
        case FACE -> faceFloor;
      };
    }
    return rule == PersonDistance.FACE ? e.faceDistance : Math.min(e.faceDistance, templateFloor);
  }

  /** Says that these labels' nearest faces and templates were looked up (and added when found). */
  public void lookedUp(Collection<String> labels) {
    for (String label : labels) {
      Entry<F> entry = byKey.get(label);
      if (entry != null) {
        entry.lookedUp = true;
      }
    }
  }

  /** The k nearest persons by {@code rule}, nearest first, ties by label (face id without one). */
  public List<Person<F>> ranked(PersonDistance rule, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    List<Person<F>> persons = new ArrayList<>();
    for (Entry<F> e : byKey.values()) {
      if (e.face != null) {
        persons.add(new Person<>(e.label, e.faceId, e.face, e.faceDistance, e.templateDistance,
            rule.of(e.faceDistance, e.templateDistance)));
      }
    }
    persons.sort(Comparator.comparingDouble((Person<F> p) -> p.distance())
        .thenComparing(p -> p.label() != null ? p.label() : p.faceId()));
    return List.copyOf(persons.subList(0, Math.min(k, persons.size())));
  }
}
