package io.faceengine.index.batch;

import io.faceengine.index.Deletions;
import io.faceengine.index.lucene.ShardSearcher;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A generation's shards as a batch lookup's tasks open them ({@link LocalShards}: copied to and
 * opened once per executor), and how a failed search is reported.
 *
 * @param shardDocs each shard's face count from the manifest, checked when the shard is opened
 * @param hidden deletions the generation does not reflect: left out of every lookup
 * @param oversamples each shard's oversample (the configured one, or its generation's measured breadth for auto)
 */
record GenerationShards(Broadcast<SerializableConfiguration> hadoopConf, String root, long gen, long[] shardDocs,
    Deletions hidden, int[] oversamples) implements Serializable {

  /** One search of one probe in one shard. */
  @FunctionalInterface
  interface Search<T> {
    T run(ShardSearcher searcher) throws IOException;
  }

  int count() {
    return shardDocs.length;
  }

  ShardSearcher open(int shard) {
    return LocalShards.searcher(hadoopConf.value().value(), root, gen, shard, shardDocs[shard], hidden,
        oversamples[shard]);
  }

  /** Runs {@code search} of {@code probe} in shard {@code shard}; a bad probe is named, a failed read names the shard. */
  <T> T search(Probe probe, int shard, ShardSearcher searcher, Search<T> search) {
    try {
      return search.run(searcher);
    } catch (IllegalArgumentException e) {
      // Not chained: the job reports a failed task's innermost cause, which must name the probe.
      throw new IllegalArgumentException("probe " + probe.key().faceId() + " (" + probe.key().imageUri() + "): "
          + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("search of shard " + shard + " of gen-" + gen + " failed: " + e.getMessage(), e);
    }
  }
}
