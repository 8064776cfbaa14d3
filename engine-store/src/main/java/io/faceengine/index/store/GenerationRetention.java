package io.faceengine.index.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which generations an index root keeps: complete ones up to a count, never the current one; and
 * none that an unfinished build left (a generation without a manifest is never served).
 */
public final class GenerationRetention {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationRetention.class);

  private final GenerationStore store;
  private final IndexRoot root;

  public GenerationRetention(GenerationStore store) {
    this.store = store;
    this.root = store.layout();
  }

  /**
   * Deletes complete generations beyond the newest {@code keep}, never the current one.
   *
   * @return the generations deleted
   */
  public List<Long> retain(int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("generations to keep must be >= 1, got " + keep);
    }
    long current = store.current().orElse(-1);
    List<Long> complete = store.generations();
    List<Long> deleted = new ArrayList<>();
    for (long gen : complete.subList(0, Math.max(0, complete.size() - keep))) {
      if (gen != current) {
        root.fs().delete(root.generation(gen), true);
        deleted.add(gen);
      }
    }
    return deleted;
  }

  /** Deletes what unfinished builds left: the generations without a manifest. */
  void deleteUnfinished() throws IOException {
    for (long gen : root.generationDirs()) {
      if (!root.isComplete(gen)) {
        LOG.warn("deleting {}: an unfinished build left it without a manifest", root.generation(gen));
        root.fs().delete(root.generation(gen), true);
      }
    }
  }
}
