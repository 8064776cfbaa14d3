package io.faceengine.index.batch;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.compare.TopK;
import io.faceengine.core.person.PersonCandidates;
import io.faceengine.core.person.PersonDistance;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What the shards found for one probe of a generation with person templates: faces and templates,
 * merged shard by shard like {@link TopCandidates}, then gathered into ranked persons
 * ({@link PersonCandidates}, the query router's merge too).
 *
 * @param faces face candidates, best first
 * @param templates template candidates, best first
 */
record PersonHits(List<Candidate> faces, List<TemplateHit> templates) implements Serializable {
  /** A template found: its label and exact cosine similarity to the probe. */
  record TemplateHit(String label, float similarity) implements Serializable {}

  private static final Comparator<TemplateHit> TEMPLATES_FIRST = Comparator
      .comparingDouble((TemplateHit t) -> -t.similarity()).thenComparing(TemplateHit::label);

  PersonHits {
    faces = List.copyOf(faces);
    templates = List.copyOf(templates);
  }

  /** The best {@code faceK} faces and {@code templateK} templates of both. */
  PersonHits merge(PersonHits other, int faceK, int templateK) {
    return new PersonHits(TopK.of(faceK, both(faces, other.faces), Candidate::faceId, Candidate.BEST_FIRST),
        TopK.of(templateK, both(templates, other.templates), TemplateHit::label, TEMPLATES_FIRST));
  }

  /** Everything of both (the answers of person lookups, one per shard and label at most). */
  PersonHits concat(PersonHits other) {
    return new PersonHits(both(faces, other.faces), both(templates, other.templates));
  }

  /** The persons these hits name; {@code lookedUp} labels count as looked up. */
  PersonCandidates<Candidate> persons(DistanceMetric metric, Set<String> lookedUp) {
    PersonCandidates<Candidate> persons = new PersonCandidates<>();
    for (Candidate face : faces) {
      persons.addFace(face.label(), face.faceId(), metric.distanceAt(face.similarity()), face);
    }
    for (TemplateHit template : templates) {
      persons.addTemplate(template.label(), metric.distanceAt(template.similarity()));
    }
    persons.lookedUp(lookedUp);
    return persons;
  }

  /** The k nearest persons by {@code rule}, each as its nearest face carrying the person's distances. */
  static List<Candidate> ranked(PersonCandidates<Candidate> persons, PersonDistance rule, DistanceMetric metric, int k) {
    return persons.ranked(rule, k).stream()
        .map(p -> new Candidate(p.faceId(), p.label(), p.face().imageUri(), metric.similarity(p.distance()),
            p.faceDistance(), p.templateDistance()))
        .toList();
  }

  private static <T> List<T> both(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
