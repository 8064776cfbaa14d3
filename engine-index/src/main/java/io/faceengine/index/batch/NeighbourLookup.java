package io.faceengine.index.batch;

import io.faceengine.core.compare.TopK;
import io.faceengine.index.lucene.ShardNeighbour;
import io.faceengine.index.lucene.ShardSearcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/**
 * One task of a kNN lookup: a partition of the probes, each searched in every shard (opened once
 * per executor, {@link LocalShards}) and its shards' lists merged on the spot into its top k, as
 * rows of {@link BatchLookup#NEIGHBOURS}. No shuffle: a probe's lists never leave the task. Only
 * neighbours at or above the minimum similarity are kept, and their ids come from doc values
 * ({@link ShardSearcher#neighbours}).
 */
final class NeighbourLookup implements FlatMapFunction<Iterator<Probe>, Row> {
  private static final Comparator<ShardNeighbour> BEST_FIRST =
      Comparator.comparingDouble((ShardNeighbour n) -> -n.similarity()).thenComparing(ShardNeighbour::faceId);

  private final GenerationShards shards;
  private final int k;
  private final float minSimilarity;
  private final LongAccumulator lookups;

  /** @param lookups counts probe x shard searches as they finish */
  NeighbourLookup(GenerationShards shards, int k, float minSimilarity, LongAccumulator lookups) {
    this.shards = shards;
    this.k = k;
    this.minSimilarity = minSimilarity;
    this.lookups = lookups;
  }

  @Override
  public Iterator<Row> call(Iterator<Probe> probes) {
    ShardSearcher[] searchers = new ShardSearcher[shards.count()];
    for (int shard = 0; shard < searchers.length; shard++) {
      searchers[shard] = shards.open(shard);
    }
    return new Iterator<>() {
      private Iterator<Row> current = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && probes.hasNext()) {
          current = rows(probes.next(), searchers).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  private List<Row> rows(Probe probe, ShardSearcher[] searchers) {
    List<ShardNeighbour> found = new ArrayList<>();
    for (int shard = 0; shard < searchers.length; shard++) {
      found.addAll(shards.search(probe, shard, searchers[shard], s -> s.neighbours(probe.embedding(), k, minSimilarity)));
    }
    lookups.add(searchers.length);
    List<ShardNeighbour> ranked = TopK.of(k, found, ShardNeighbour::faceId, BEST_FIRST);
    List<Row> rows = new ArrayList<>(ranked.size());
    for (int i = 0; i < ranked.size(); i++) {
      rows.add(RowFactory.create(probe.key().faceId(), i + 1, ranked.get(i).faceId(), ranked.get(i).similarity()));
    }
    return rows;
  }
}
