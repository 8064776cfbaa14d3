package io.faceengine.index.batch;

import io.faceengine.index.lucene.ShardSearcher;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * One task of a person search (a generation with person templates): a partition of the probes
 * against one shard. A probe without labels is searched: the shard's {@code faceK} nearest faces and
 * {@code templateK} nearest templates. A probe with labels (the persons its search found by only their
 * faces or only their templates) gets, for each label, the label's nearest face in the shard and its
 * template if the shard holds it.
 */
final class PersonLookup implements PairFlatMapFunction<Iterator<Tuple2<PersonLookup.Request, Integer>>, ProbeKey,
    PersonHits> {
  /** A probe, and the labels to look up (empty: a search). */
  record Request(Probe probe, List<String> labels) implements Serializable {
    Request {
      labels = List.copyOf(labels);
    }
  }

  private final GenerationShards shards;
  private final int faceK;
  private final int templateK;
  private final LongAccumulator lookups;

  /** @param lookups counts probe x shard searches (not label lookups) as they finish */
  PersonLookup(GenerationShards shards, int faceK, int templateK, LongAccumulator lookups) {
    this.shards = shards;
    this.faceK = faceK;
    this.templateK = templateK;
    this.lookups = lookups;
  }

  @Override
  public Iterator<Tuple2<ProbeKey, PersonHits>> call(Iterator<Tuple2<Request, Integer>> pairs) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pairs.hasNext();
      }

      @Override
      public Tuple2<ProbeKey, PersonHits> next() {
        Tuple2<Request, Integer> pair = pairs.next();
        Probe probe = pair._1().probe();
        int shard = pair._2();
        List<String> labels = pair._1().labels();
        PersonHits hits = shards.search(probe, shard, shards.open(shard), s -> labels.isEmpty()
            ? search(s, probe) : lookUp(s, probe, labels));
        if (labels.isEmpty()) {
          lookups.add(1);
        }
        return new Tuple2<>(probe.key(), hits);
      }
    };
  }

  private PersonHits search(ShardSearcher searcher, Probe probe) throws IOException {
    List<Candidate> faces = new ArrayList<>();
    List<PersonHits.TemplateHit> templates = new ArrayList<>();
    searcher.search(probe.embedding(), faceK).forEach(hit -> faces.add(Candidate.of(hit)));
    searcher.searchTemplates(probe.embedding(), templateK, null)
        .forEach(t -> templates.add(new PersonHits.TemplateHit(t.label(), t.similarity())));
    return new PersonHits(faces, templates);
  }

  /** Each label's nearest face in the shard, and its template if the shard holds it. */
  private static PersonHits lookUp(ShardSearcher searcher, Probe probe, List<String> labels) throws IOException {
    List<Candidate> faces = new ArrayList<>();
    List<PersonHits.TemplateHit> templates = new ArrayList<>();
    for (String label : labels) {
      searcher.nearestOfLabel(label, probe.embedding()).ifPresent(m -> faces.add(Candidate.of(m.hit())));
      searcher.template(label, probe.embedding())
          .ifPresent(t -> templates.add(new PersonHits.TemplateHit(t.label(), t.similarity())));
    }
    return new PersonHits(faces, templates);
  }
}
