package io.faceengine.index.batch;

import io.faceengine.core.compare.TopK;
import io.faceengine.index.Deletions;
import io.faceengine.index.lucene.ShardNeighbour;
import io.faceengine.index.lucene.ShardSearcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

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

  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final String root;
  private final long gen;
  private final long[] shardDocs;
  private final Deletions hidden;
  private final int k;
  private final int[] oversamples;
  private final float minSimilarity;
  private final LongAccumulator lookups;

  /**
   * @param shardDocs each shard's face count from the manifest, checked when the shard is opened
   * @param hidden deletions the generation does not reflect: left out of every lookup
   * @param lookups counts probe x shard searches as they finish
   */
  NeighbourLookup(Broadcast<SerializableConfiguration> hadoopConf, String root, long gen, long[] shardDocs,
      Deletions hidden, int k, int[] oversamples, float minSimilarity, LongAccumulator lookups) {
    this.hadoopConf = hadoopConf;
    this.root = root;
    this.gen = gen;
    this.shardDocs = shardDocs;
    this.hidden = hidden;
    this.k = k;
    this.oversamples = oversamples;
    this.minSimilarity = minSimilarity;
    this.lookups = lookups;
  }

  @Override
  public Iterator<Row> call(Iterator<Probe> probes) {
    ShardSearcher[] shards = new ShardSearcher[shardDocs.length];
    for (int shard = 0; shard < shards.length; shard++) {
      shards[shard] = LocalShards.searcher(hadoopConf.value().value(), root, gen, shard, shardDocs[shard], hidden,
          oversamples[shard]);
    }
    return new Iterator<>() {
      private Iterator<Row> current = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && probes.hasNext()) {
          current = rows(probes.next(), shards).iterator();
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

  private List<Row> rows(Probe probe, ShardSearcher[] shards) {
    List<ShardNeighbour> found = new ArrayList<>();
    for (int shard = 0; shard < shards.length; shard++) {
      try {
        found.addAll(shards[shard].neighbours(probe.embedding(), k, minSimilarity));
      } catch (IllegalArgumentException e) {
        // Not chained: the job reports a failed task's innermost cause, which must name the probe.
        throw new IllegalArgumentException("probe " + probe.key().faceId() + " (" + probe.key().imageUri() + "): "
            + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException("search of shard " + shard + " of gen-" + gen + " failed: " + e.getMessage(), e);
      }
    }
    lookups.add(shards.length);
    List<ShardNeighbour> ranked = TopK.of(k, found, ShardNeighbour::faceId, BEST_FIRST);
    List<Row> rows = new ArrayList<>(ranked.size());
    for (int i = 0; i < ranked.size(); i++) {
      rows.add(RowFactory.create(probe.key().faceId(), i + 1, ranked.get(i).faceId(), ranked.get(i).similarity()));
    }
    return rows;
  }
}
