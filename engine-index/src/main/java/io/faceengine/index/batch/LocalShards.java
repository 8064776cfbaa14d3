package io.faceengine.index.batch;

import io.faceengine.index.Deletions;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shards an executor JVM has opened, shared by all its tasks (searchers are thread-safe): each
 * shard is copied to the executor's local disk once (the application's Spark files directory,
 * removed when the application ends; a shard on a local root is opened in place) and opened once.
 * Searchers live as long as the JVM.
 */
final class LocalShards {
  private static final Logger LOG = LoggerFactory.getLogger(LocalShards.class);
  private static final ConcurrentMap<Key, ShardSearcher> OPEN = new ConcurrentHashMap<>();

  /**
   * The application's directory is part of the key: a new application copies its shards again; so are
   * the hidden deletions, which change when deletions are recorded between two jobs of one JVM.
   */
  private record Key(String appDir, String root, long gen, int shard, int oversample, Deletions hidden) {}

  private LocalShards() {}

  /**
   * @param docs the faces the manifest lists for the shard, checked on opening
   * @param hidden faces to leave out of its searches (deletions the generation does not reflect)
   */
  static ShardSearcher searcher(Configuration conf, String root, long gen, int shard, long docs, Deletions hidden,
      int oversample) {
    return OPEN.computeIfAbsent(new Key(SparkFiles.getRootDirectory(), root, gen, shard, oversample, hidden),
        key -> open(conf, key, docs));
  }

  private static ShardSearcher open(Configuration conf, Key key, long docs) {
    try {
      Path local = new GenerationStore(conf, key.root()).localShard(key.gen(), key.shard(),
          Path.of(key.appDir(), "face-shards"));
      ShardSearcher searcher = new ShardSearcher(local, key.oversample());
      if (searcher.docs() != docs) {
        searcher.close();
        throw new IllegalStateException("shard " + key.shard() + " of gen-" + key.gen() + " at " + local + " holds "
            + searcher.docs() + " faces, the manifest says " + docs);
      }
      int hiddenFaces = searcher.hide(key.hidden());
      LOG.info("opened shard {} of gen-{} from {} ({} faces{})", key.shard(), key.gen(), local, docs,
          hiddenFaces > 0 ? ", " + hiddenFaces + " hidden as deleted since" : "");
      return searcher;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open shard " + key.shard() + " of gen-" + key.gen() + " under "
          + key.root() + ": " + e.getMessage(), e);
    }
  }
}
