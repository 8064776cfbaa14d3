package io.faceengine.index.batch;

import io.faceengine.index.Deletions;
import io.faceengine.index.lucene.ShardSearcher;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
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

  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final String root;
  private final long gen;
  private final long[] shardDocs;
  private final Deletions hidden;
  private final int faceK;
  private final int templateK;
  /** Each shard's oversample (the configured one, or its generation's measured breadth for auto). */
  private final int[] oversamples;
  private final LongAccumulator lookups;

  PersonLookup(Broadcast<SerializableConfiguration> hadoopConf, String root, long gen, long[] shardDocs, Deletions hidden,
      int faceK, int templateK, int[] oversamples, LongAccumulator lookups) {
    this.hadoopConf = hadoopConf;
    this.root = root;
    this.gen = gen;
    this.shardDocs = shardDocs;
    this.hidden = hidden;
    this.faceK = faceK;
    this.templateK = templateK;
    this.oversamples = oversamples;
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
        ShardSearcher searcher = LocalShards.searcher(hadoopConf.value().value(), root, gen, shard, shardDocs[shard],
            hidden, oversamples[shard]);
        List<Candidate> faces = new ArrayList<>();
        List<PersonHits.TemplateHit> templates = new ArrayList<>();
        try {
          if (pair._1().labels().isEmpty()) {
            searcher.search(probe.embedding(), faceK).forEach(hit -> faces.add(Candidate.of(hit)));
            searcher.searchTemplates(probe.embedding(), templateK, null)
                .forEach(t -> templates.add(new PersonHits.TemplateHit(t.label(), t.similarity())));
            lookups.add(1);
          } else {
            for (String label : pair._1().labels()) {
              searcher.nearestOfLabel(label, probe.embedding()).ifPresent(m -> faces.add(Candidate.of(m.hit())));
              searcher.template(label, probe.embedding())
                  .ifPresent(t -> templates.add(new PersonHits.TemplateHit(t.label(), t.similarity())));
            }
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("probe " + probe.key().faceId() + " (" + probe.key().imageUri() + "): "
              + e.getMessage());
        } catch (IOException e) {
          throw new UncheckedIOException("search of shard " + shard + " of gen-" + gen + " failed: " + e.getMessage(), e);
        }
        return new Tuple2<>(probe.key(), new PersonHits(faces, templates));
      }
    };
  }
}
