package io.faceengine.index.batch;

import io.faceengine.index.Deletions;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardSearcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * One task of the plan: a partition of the probes against one shard (every pair of the partition
 * names the same shard). Emits each probe's top k in that shard, re-ranked exactly by
 * {@link ShardSearcher}. Results are produced as the probes are read, not held in memory.
 */
final class ShardLookup implements PairFlatMapFunction<Iterator<Tuple2<Probe, Integer>>, ProbeKey, TopCandidates> {
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final String root;
  private final long gen;
  private final long[] shardDocs;
  private final Deletions hidden;
  private final int k;
  /** Each shard's oversample (the configured one, or its generation's measured breadth for auto). */
  private final int[] oversamples;
  private final LongAccumulator lookups;

  /**
   * @param shardDocs each shard's face count from the manifest, checked when the shard is opened
   * @param hidden deletions the generation does not reflect: left out of every lookup
   */
  ShardLookup(Broadcast<SerializableConfiguration> hadoopConf, String root, long gen, long[] shardDocs,
      Deletions hidden, int k, int[] oversamples, LongAccumulator lookups) {
    this.hadoopConf = hadoopConf;
    this.root = root;
    this.gen = gen;
    this.shardDocs = shardDocs;
    this.hidden = hidden;
    this.k = k;
    this.oversamples = oversamples;
    this.lookups = lookups;
  }

  @Override
  public Iterator<Tuple2<ProbeKey, TopCandidates>> call(Iterator<Tuple2<Probe, Integer>> pairs) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pairs.hasNext();
      }

      @Override
      public Tuple2<ProbeKey, TopCandidates> next() {
        Tuple2<Probe, Integer> pair = pairs.next();
        Probe probe = pair._1();
        int shard = pair._2();
        ShardSearcher searcher = LocalShards.searcher(hadoopConf.value().value(), root, gen, shard, shardDocs[shard],
            hidden, oversamples[shard]);
        List<ShardHit> hits;
        try {
          hits = searcher.search(probe.embedding(), k);
        } catch (IllegalArgumentException e) {
          // Not chained: the job reports a failed task's innermost cause, which must name the probe.
          throw new IllegalArgumentException("probe " + probe.key().faceId() + " (" + probe.key().imageUri() + "): "
              + e.getMessage());
        } catch (IOException e) {
          throw new UncheckedIOException("search of shard " + shard + " of gen-" + gen + " failed: " + e.getMessage(), e);
        }
        lookups.add(1);
        return new Tuple2<>(probe.key(), TopCandidates.of(k, hits.stream().map(Candidate::of).toList()));
      }
    };
  }
}
