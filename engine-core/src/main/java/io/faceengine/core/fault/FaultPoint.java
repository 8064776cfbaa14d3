package io.faceengine.core.fault;

/**
 * Named points where the fault suite ({@code bin/engine bench faults}, docs/reliability.md) kills a
 * real process with {@code kill -9}. Inert by default: only with
 * {@code -Dfaceengine.fault.pause-at=NAME} (outside the {@code engine.*} settings, which refuse
 * unknown keys) does the first thread to reach point NAME print {@code engine-fault: paused at NAME}
 * on stderr and sleep until the process is killed, so a harness can kill it exactly there.
 */
public final class FaultPoint {
  public static final String PROPERTY = "faceengine.fault.pause-at";
  public static final String MARKER = "engine-fault: paused at ";

  /** Ingest: a batch's images (the ledger) are renamed into place, its faces not yet. */
  public static final String INGEST_COMMIT_AFTER_IMAGES = "ingest.commit.after-images";
  /** Index build or update: one file of a shard is copied into the new generation, the others not yet. */
  public static final String INDEX_SHARD_FILE_COPIED = "index.shard.file-copied";
  /** Index publish: the new {@code CURRENT} is written to its temp file, not yet renamed over {@code CURRENT}. */
  public static final String INDEX_PUBLISH_BEFORE_RENAME = "index.publish.before-rename";
  /** Query service: a shard server opened the new generation of a swap, before serving it. */
  public static final String SERVE_SWAP_OPENED = "serve.swap.opened";

  private FaultPoint() {}

  /** Pauses here forever when {@code faceengine.fault.pause-at} names this point; otherwise returns at once. */
  public static void reach(String point) {
    if (!point.equals(System.getProperty(PROPERTY))) {
      return;
    }
    System.err.println(MARKER + point);
    System.err.flush();
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // stay paused: only the harness's kill -9 ends this process
      }
    }
  }
}
