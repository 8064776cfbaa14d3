package io.faceengine.query.shard;

import io.faceengine.index.GenerationManifest;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.query.poll.References;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shards of one generation that a shard server has open, with a count of the searches using
 * them: {@link #retire()} closes the searchers only once the last search in flight has released
 * them, so a generation swap never closes an index under a running search.
 */
final class OpenGeneration {
  private static final Logger LOG = LoggerFactory.getLogger(OpenGeneration.class);

  private final GenerationManifest manifest;
  private final SortedMap<Integer, ShardSearcher> shards;
  /** Local copies of a remote root's shards, deleted with the generation; empty when opened in place. */
  private final List<Path> copies;
  /** Searches holding this generation, plus one for the server while it is not retired. */
  private final References references = new References(this::close);
  private volatile long lastUsedNanos = System.nanoTime();

  OpenGeneration(GenerationManifest manifest, Map<Integer, ShardSearcher> shards, List<Path> copies) {
    this.manifest = manifest;
    this.shards = new TreeMap<>(shards);
    this.copies = List.copyOf(copies);
  }

  long generation() {
    return manifest.generation();
  }

  GenerationManifest manifest() {
    return manifest;
  }

  SortedMap<Integer, ShardSearcher> shards() {
    return shards;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  /** A router said it searches this generation: as good as a search for keeping it open. */
  void markInUse() {
    lastUsedNanos = System.nanoTime();
  }

  /** Takes a reference for one search; false once the generation is retired. Pair with {@link #release()}. */
  boolean tryAcquire() {
    if (!references.tryAcquire()) {
      return false;
    }
    lastUsedNanos = System.nanoTime();
    return true;
  }

  void release() {
    references.release();
  }

  /** No new searches; the searchers close when the searches in flight are done. */
  void retire() {
    release();
  }

  private void close() {
    try {
      IOUtils.close(new ArrayList<>(shards.values()));
      for (Path copy : copies) {
        IOUtils.rm(copy);
      }
      LOG.info("closed gen-{} (shards {})", generation(), shards.keySet());
    } catch (IOException e) {
      LOG.warn("closing gen-{}: {}", generation(), e.toString());
    }
  }
}
