package io.faceengine.index.store;

import io.faceengine.index.Deletions;
import java.io.IOException;
import java.util.SortedMap;

/**
 * A generation was about to be served although deletions were recorded after it was built: its
 * shards still hold those faces (searches hide them, but they stay on disk).
 */
public final class DeletionsNotAppliedException extends IOException {
  private final long generation;

  DeletionsNotAppliedException(long generation, SortedMap<String, Deletions> missing) {
    super(describe(generation, missing));
    this.generation = generation;
  }

  /** The generation refused. */
  public long generation() {
    return generation;
  }

  /**
   * e.g. "gen-1 was built before the deletions [gen-3] (1 face_id, 0 image_id, 1 label): its shards
   * still hold those faces".
   */
  public static String describe(long generation, SortedMap<String, Deletions> missing) {
    return "gen-" + generation + " was built before the deletions " + missing.keySet() + " ("
        + DeletionLedger.union(missing).describe() + "): its shards still hold those faces";
  }
}
