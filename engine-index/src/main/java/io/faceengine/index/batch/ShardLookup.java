package io.faceengine.index.batch;

import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardSearcher;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * One task of the plan: a partition of the probes against one shard (every pair of the partition
 * names the same shard). Emits each probe's top k in that shard, re-ranked exactly by
 * {@link ShardSearcher}. Results are produced as the probes are read, not held in memory.
 */
final class ShardLookup implements PairFlatMapFunction<Iterator<Tuple2<Probe, Integer>>, ProbeKey, TopCandidates> {
  private final GenerationShards shards;
  private final int k;
  private final LongAccumulator lookups;

  /** @param lookups counts probe x shard searches as they finish */
  ShardLookup(GenerationShards shards, int k, LongAccumulator lookups) {
    this.shards = shards;
    this.k = k;
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
        List<ShardHit> hits = shards.search(probe, shard, shards.open(shard), s -> s.search(probe.embedding(), k));
        lookups.add(1);
        return new Tuple2<>(probe.key(), TopCandidates.of(k, hits.stream().map(Candidate::of).toList()));
      }
    };
  }
}
