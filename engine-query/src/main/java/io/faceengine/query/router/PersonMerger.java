package io.faceengine.query.router;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.person.PersonCandidates;
import io.faceengine.core.person.PersonCandidates.Person;
import io.faceengine.core.person.PersonDistance;
import io.faceengine.query.Candidate;
import io.faceengine.query.rpc.Face;
import io.faceengine.query.rpc.SearchResponse;
import io.faceengine.query.rpc.Template;
import io.faceengine.query.shard.ShardMessages;
import java.util.List;

/**
 * The router's merge for a generation with person templates: every shard's faces and templates, at
 * their exact distances to the probe (recomputed from the full-precision embeddings, as
 * {@link CandidateMerger} does), gathered into persons ({@link PersonCandidates}) and ranked by the
 * rule; each person is answered as its nearest face, with the person's distance.
 */
final class PersonMerger {
  private final DistanceMetric metric;
  private final CandidateMerger faces;
  private final PersonDistance rule;

  PersonMerger(DistanceMetric metric, PersonDistance rule) {
    this.metric = metric;
    this.faces = new CandidateMerger(metric);
    this.rule = rule;
  }

  PersonDistance rule() {
    return rule;
  }

  /** Adds one shard's answer (a search, or a lookup of person labels). */
  void add(PersonCandidates<Candidate> persons, float[] probe, SearchResponse answer) {
    for (Face face : answer.getCandidatesList()) {
      Candidate candidate = faces.candidate(probe, face);
      persons.addFace(candidate.label(), candidate.faceId(), candidate.distance(), candidate);
    }
    for (Template template : answer.getTemplatesList()) {
      persons.addTemplate(template.getLabel(), metric.distance(probe, ShardMessages.embedding(template)));
    }
  }

  /**
   * The least distance a face (or, with {@code templates}, a template) that no shard returned can
   * have: over the shards that returned {@code k} of them, the smallest distance of their farthest
   * one; infinite when every shard returned fewer (it has no more).
   */
  float floor(float[] probe, Iterable<SearchResponse> answers, int k, boolean templates) {
    float floor = Float.POSITIVE_INFINITY;
    for (SearchResponse answer : answers) {
      int count = templates ? answer.getTemplatesCount() : answer.getCandidatesCount();
      if (count < k) {
        continue;
      }
      float farthest = 0;
      if (templates) {
        for (Template template : answer.getTemplatesList()) {
          farthest = Math.max(farthest, metric.distance(probe, ShardMessages.embedding(template)));
        }
      } else {
        for (Face face : answer.getCandidatesList()) {
          farthest = Math.max(farthest, metric.distance(probe, ShardMessages.embedding(face)));
        }
      }
      floor = Math.min(floor, farthest);
    }
    return floor;
  }

  /** The k nearest persons, each as its nearest face with the person's distance. */
  List<Candidate> ranked(PersonCandidates<Candidate> persons, int k) {
    return persons.ranked(rule, k).stream().map(this::candidate).toList();
  }

  private Candidate candidate(Person<Candidate> person) {
    Candidate face = person.face();
    return face.asPerson(person.distance(), metric.similarity(person.distance()), person.faceDistance(),
        person.templateDistance());
  }
}
