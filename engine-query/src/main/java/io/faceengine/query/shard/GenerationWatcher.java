package io.faceengine.query.shard;

import io.faceengine.core.fault.FaultPoint;
import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.store.DeletionLedger;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.query.poll.LogOnce;
import io.faceengine.query.poll.PeriodicPoll;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a shard server's generations: reads {@code CURRENT} every poll interval, opens a new
 * generation's shards in the background (verified against the manifest's checksums, copied to local
 * disk first when the root is remote, then memory-mapped), and retires a generation that is no
 * longer current once for {@value #IDLE_POLLS} intervals it has served no search and no router's
 * status call has said it searches it (routers poll at the same interval). So a router that cannot
 * switch yet (the new generation's shards are not all hosted) keeps its generation even without
 * traffic, and searches still in flight keep a retired one open until they finish.
 */
final class GenerationWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationWatcher.class);
  static final int IDLE_POLLS = 3;

  private final GenerationStore store;
  /** The shard numbers this server hosts; empty means every shard of each generation. */
  private final Set<Integer> hosted;
  /** The configured oversample, or {@code QueryConfig.AUTO_OVERSAMPLE}: each shard's as its generation measured it. */
  private final int oversample;
  private final Path scratch;
  private final Duration pollInterval;
  private final ConcurrentSkipListMap<Long, OpenGeneration> ready = new ConcurrentSkipListMap<>();
  private final PeriodicPoll polling;
  /** Once per distinct problem, not every poll. */
  private final LogOnce problems = new LogOnce(LOG::warn);
  private volatile long current = -1;
  /** The deletion ledger's entries when the open generations last hid their faces; poller thread only. */
  private Set<String> ledgerSeen = Set.of();
  private volatile Consumer<Boolean> readiness = ready -> {};

  GenerationWatcher(GenerationStore store, Set<Integer> hosted, int oversample, Path scratch, Duration pollInterval) {
    this.store = store;
    this.hosted = Set.copyOf(hosted);
    this.oversample = oversample;
    this.scratch = scratch;
    this.pollInterval = pollInterval;
    this.polling = new PeriodicPoll("generation-watcher", pollInterval, this::poll);
  }

  /**
   * Told after every poll whether a generation is open here (the server's health): while a new one
   * fails to open, the old one still serves, and routers decide which to use.
   */
  void onReadiness(Consumer<Boolean> listener) {
    this.readiness = listener;
  }

  /** Opens the current generation now (so the server starts ready), then keeps polling in the background. */
  void start() {
    polling.start();
  }

  /** The generation {@code CURRENT} named at the last poll, or -1. */
  long current() {
    return current;
  }

  /** The generations open and ready, oldest first. */
  List<OpenGeneration> ready() {
    return List.copyOf(ready.values());
  }

  /** Keeps {@code generation} open for another idle period, if it is ready here (a router searches it). */
  void markInUse(long generation) {
    OpenGeneration open = ready.get(generation);
    if (open != null) {
      open.markInUse();
    }
  }

  /** The generation, acquired for one search, if it is ready here; release it when done. */
  Optional<OpenGeneration> acquire(long generation) {
    OpenGeneration open = ready.get(generation);
    return open != null && open.tryAcquire() ? Optional.of(open) : Optional.empty();
  }

  private void poll() {
    try {
      OptionalLong pointer = store.current();
      if (pointer.isEmpty()) {
        problems.report(store.root() + " has no " + GenerationStore.CURRENT + " yet");
        return;
      }
      current = pointer.getAsLong();
      Set<String> ledger = store.ledger().entryNames();
      if (!ledger.equals(ledgerSeen)) { // deletions recorded since: every open generation hides what it misses
        for (OpenGeneration open : ready.values()) {
          hideDeleted(open);
        }
        ledgerSeen = ledger;
      }
      if (!ready.containsKey(current)) {
        OpenGeneration opened = open(store.manifest(current));
        if (!ready.isEmpty()) {
          FaultPoint.reach(FaultPoint.SERVE_SWAP_OPENED);
        }
        try {
          hideDeleted(opened); // before it can serve a search
        } catch (IOException | RuntimeException e) {
          opened.retire();
          throw e;
        }
        ready.put(current, opened);
        LOG.info("gen-{} ready: shards {} of {}, {} faces, oversample {}", current, opened.shards().keySet(),
            opened.manifest().shardCount(), opened.shards().values().stream().mapToLong(ShardSearcher::docs).sum(),
            opened.shards().values().stream().map(ShardSearcher::oversample).toList());
      }
      problems.report("");
    } catch (IOException | RuntimeException e) {
      problems.report("cannot open the current generation of " + store.root() + ": " + e.getMessage());
    } finally {
      if (current > 0) {
        retireIdle(); // also when CURRENT cannot be opened here: old generations still retire once unused
      }
      readiness.accept(!ready.isEmpty());
    }
  }

  /**
   * Hides from a generation's searches the faces of deletions recorded after it was built (it is
   * served again by a rollback with --allow-deleted-faces, or an update recorded them without
   * publishing yet): a deleted face is never returned, whatever generation serves.
   */
  private void hideDeleted(OpenGeneration open) throws IOException {
    SortedMap<String, Deletions> missing = store.deletionsMissingFrom(open.manifest());
    Deletions pending = DeletionLedger.union(missing);
    int hidden = 0;
    for (ShardSearcher searcher : open.shards().values()) {
      hidden += searcher.hide(pending);
    }
    if (!missing.isEmpty()) {
      LOG.warn("gen-{} was built before the deletions {} ({}): {} of its faces here are hidden from searches",
          open.generation(), missing.keySet(), pending.describe(), hidden);
    }
  }

  private OpenGeneration open(GenerationManifest manifest) throws IOException {
    long gen = manifest.generation();
    Map<Integer, ShardSearcher> shards = new HashMap<>();
    List<Path> copies = new ArrayList<>();
    boolean success = false;
    try {
      for (ShardEntry entry : manifest.shards()) {
        if (hosted.isEmpty() || hosted.contains(entry.shard())) {
          store.verifyShard(gen, entry);
          Path local = store.localShard(gen, entry.shard(), scratch);
          if (local.startsWith(scratch)) {
            copies.add(local);
          }
          ShardSearcher searcher = new ShardSearcher(local, manifest.oversample(entry.shard(), oversample));
          shards.put(entry.shard(), searcher);
          if (searcher.docs() != entry.docs() || (searcher.docs() > 0 && searcher.dimension() != manifest.dimension())) {
            throw new IOException("shard " + entry.shard() + " of gen-" + gen + " holds " + searcher.docs() + " faces of "
                + searcher.dimension() + "-d, the manifest says " + entry.docs() + " of " + manifest.dimension() + "-d");
          }
        }
      }
      if (shards.isEmpty()) {
        throw new IOException("gen-" + gen + " has " + manifest.shardCount() + " shards, none of those hosted here "
            + new TreeSet<>(hosted));
      }
      success = true;
      return new OpenGeneration(manifest, shards, copies);
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(shards.values());
        try {
          IOUtils.rm(copies.toArray(Path[]::new));
        } catch (IOException e) {
          LOG.warn("cannot delete the local copies {} of gen-{}: {}", copies, gen, e.toString());
        }
      }
    }
  }

  private void retireIdle() {
    long idleNanos = pollInterval.toNanos() * IDLE_POLLS;
    List<OpenGeneration> retired = new ArrayList<>();
    for (OpenGeneration open : ready.values()) {
      if (open.generation() != current && System.nanoTime() - open.lastUsedNanos() > idleNanos) {
        ready.remove(open.generation());
        retired.add(open);
      }
    }
    for (OpenGeneration open : retired) {
      LOG.info("retiring gen-{}: gen-{} is current and no router searched gen-{} for {} ms", open.generation(), current,
          open.generation(), idleNanos / 1_000_000);
      open.retire();
    }
  }

  @Override
  public void close() {
    polling.close();
    for (Long gen : List.copyOf(ready.keySet())) {
      OpenGeneration open = ready.remove(gen);
      if (open != null) {
        open.retire();
      }
    }
  }
}
