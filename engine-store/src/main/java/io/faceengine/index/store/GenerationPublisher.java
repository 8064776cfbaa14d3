package io.faceengine.index.store;

import io.faceengine.core.fault.FaultPoint;
import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.GenerationManifest.ShardFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish protocol of an index root. A build {@link #beginGeneration() begins} a generation,
 * {@link #publishShard publishes} each shard into it (from the task that built it) and
 * {@link #commit commits} it: every shard is verified against the checksums taken while it was
 * copied, the manifest is written, and {@code CURRENT} is replaced in one atomic rename. Any
 * failure before that rename leaves {@code CURRENT} as it was. One build or rollback at a time per
 * root.
 */
public final class GenerationPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationPublisher.class);

  private final GenerationStore store;
  private final IndexRoot root;
  private final FileSystem fs;

  public GenerationPublisher(GenerationStore store) {
    this.store = store;
    this.root = store.layout();
    this.fs = root.fs();
  }

  /**
   * Starts a generation: deletes what unfinished builds left (generations without a manifest),
   * then creates {@code gen-<n>} with n above every generation seen, finished or not. Numbers are
   * never reused, so a straggling task of a failed build can only write into its own, dead,
   * generation.
   */
  public long beginGeneration() throws IOException {
    deleteStalePointerTemps();
    long next = 1;
    for (long gen : root.generationDirs()) {
      next = Math.max(next, gen + 1);
    }
    new GenerationRetention(store).deleteUnfinished();
    if (!fs.mkdirs(root.generation(next))) {
      throw new IOException("cannot create " + root.generation(next));
    }
    return next;
  }

  /**
   * Copies a finished local shard into a begun generation, computing each file's SHA-256 on the way.
   * The copy goes to a private temporary directory renamed into place at the end, so a retried task
   * replaces what an earlier attempt left.
   *
   * @param files the shard's committed files (see {@code CommittedShard})
   * @return the manifest entry: the face count and every file with its size and checksum
   */
  public ShardEntry publishShard(long gen, int shard, java.nio.file.Path localDir, long docs, List<String> files)
      throws IOException {
    return publishShard(gen, shard, localDir, docs, files, 0);
  }

  /** As {@link #publishShard(long, int, java.nio.file.Path, long, List)}, for a shard holding person templates too. */
  public ShardEntry publishShard(long gen, int shard, java.nio.file.Path localDir, long docs, List<String> files,
      long templates) throws IOException {
    return install(gen, shard, tmp -> {
      List<ShardFile> copied = new ArrayList<>();
      for (String name : files) {
        copied.add(ChecksummedCopy.copy(fs, Files.newInputStream(localDir.resolve(name)), name, new Path(tmp, name)));
      }
      return new ShardEntry(shard, docs, copied, templates);
    });
  }

  /**
   * Carries a shard over unchanged from generation {@code from} into a begun generation {@code to}
   * (an update that has nothing to add to or delete from it): copies its files on the file system,
   * checking each one's size and SHA-256 against {@code entry} on the way, like a publish.
   *
   * @return {@code entry}: the copy holds the same files
   */
  public ShardEntry carryOverShard(long from, long to, ShardEntry entry) throws IOException {
    Path source = root.shard(from, entry.shard());
    return install(to, entry.shard(), tmp -> {
      for (ShardFile file : entry.files()) {
        ShardFile copied = ChecksummedCopy.copy(fs, fs.open(new Path(source, file.name())), file.name(),
            new Path(tmp, file.name()));
        if (!copied.equals(file)) {
          throw new IOException(new Path(source, file.name()) + " has " + copied.bytes() + " bytes, SHA-256 "
              + copied.sha256() + "; the manifest of gen-" + from + " says " + file.bytes() + " bytes, " + file.sha256());
        }
      }
      return entry;
    });
  }

  /** Writes a shard's files into a temporary directory, then renames it into place. */
  private interface ShardWrite {
    ShardEntry writeInto(Path tmp) throws IOException;
  }

  /**
   * Runs {@code write} against a private temporary directory of a begun generation and renames it to
   * the shard's place at the end, so a retried task replaces what an earlier attempt left, and a
   * failed one leaves no shard behind.
   */
  private ShardEntry install(long gen, int shard, ShardWrite write) throws IOException {
    if (!fs.exists(root.generation(gen))) {
      throw new IOException("generation " + gen + " was not begun (" + root.generation(gen) + " is missing)");
    }
    Path tmp = new Path(root.tmp(gen), IndexRoot.SHARD_PREFIX + shard + "-" + UUID.randomUUID());
    try {
      ShardEntry entry = write.writeInto(tmp);
      Path target = root.shard(gen, shard);
      if (fs.exists(target)) {
        fs.delete(target, true); // an earlier attempt of this task got this far
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
      return entry;
    } finally {
      if (fs.exists(tmp)) {
        fs.delete(tmp, true);
      }
    }
  }

  /**
   * Makes a begun generation current: {@link #complete completes} it and moves {@code CURRENT} to it
   * atomically. Then call {@link GenerationRetention#retain} to delete old generations.
   */
  public void commit(GenerationManifest manifest) throws IOException {
    complete(manifest);
    pointTo(manifest.generation());
  }

  /**
   * Completes a begun generation without serving it: verifies every shard and writes the manifest;
   * {@link #publish} moves {@code CURRENT} to it later (after more checks, for instance).
   */
  public void complete(GenerationManifest manifest) throws IOException {
    long gen = manifest.generation();
    for (ShardEntry shard : manifest.shards()) {
      store.verifyShard(gen, shard);
    }
    Path extra = root.shard(gen, manifest.shardCount());
    if (fs.exists(extra)) {
      throw new IOException(extra + " exists but the manifest lists " + manifest.shardCount() + " shards");
    }
    fs.delete(root.tmp(gen), true);
    writeAtomically(root.manifest(gen), manifest.toJson());
  }

  /**
   * Points {@code CURRENT} back to the newest complete generation older than the current one,
   * after verifying its shards. Refused when that generation misses deletions (see {@link #publish}).
   *
   * @return the generation now current
   */
  public long rollback() throws IOException {
    return publish(rollbackTarget());
  }

  /** The generation a rollback would serve: the newest complete one older than the current one. */
  public long rollbackTarget() throws IOException {
    long current = store.current().orElseThrow(() -> new IOException("nothing to roll back: " + root + " has no "
        + IndexRoot.CURRENT));
    List<Long> older = store.generations().stream().filter(g -> g < current).toList();
    if (older.isEmpty()) {
      throw new IOException("no generation older than gen-" + current + " is kept under " + root + " (kept: "
          + store.generations() + ")");
    }
    return older.get(older.size() - 1);
  }

  /**
   * Points {@code CURRENT} to a complete generation after verifying its shards: an older one (a
   * rollback), or a newer one that was built without publishing. Refused with a
   * {@link DeletionsNotAppliedException} when deletions were recorded in the ledger after the
   * generation was built: its shards still hold the deleted faces.
   */
  public long publish(long gen) throws IOException {
    GenerationManifest manifest = store.manifest(gen);
    SortedMap<String, Deletions> missing = store.deletionsMissingFrom(manifest);
    if (!missing.isEmpty()) {
      throw new DeletionsNotAppliedException(gen, missing);
    }
    return verifyAndPoint(manifest);
  }

  /** As {@link #publish}, serving a generation that misses recorded deletions all the same (the caller warns). */
  public long publishDespiteMissingDeletions(long gen) throws IOException {
    return verifyAndPoint(store.manifest(gen));
  }

  private long verifyAndPoint(GenerationManifest manifest) throws IOException {
    deleteStalePointerTemps();
    for (ShardEntry shard : manifest.shards()) {
      store.verifyShard(manifest.generation(), shard);
    }
    pointTo(manifest.generation());
    return manifest.generation();
  }

  /**
   * Deletes the {@code CURRENT} temp files of publishes killed before their rename. One build,
   * update, rebuild, publish or rollback runs at a time per root, so none of them is in use.
   */
  private void deleteStalePointerTemps() throws IOException {
    if (!fs.exists(root.root())) {
      return;
    }
    for (FileStatus stale : fs.listStatus(root.root(), p -> p.getName().startsWith("." + IndexRoot.CURRENT + ".")
        && p.getName().endsWith(".tmp"))) {
      LOG.warn("deleting {}: a publish was interrupted before renaming it to {}", stale.getPath(), IndexRoot.CURRENT);
      fs.delete(stale.getPath(), false);
    }
  }

  private void pointTo(long gen) throws IOException {
    Path pointer = root.currentPointer();
    Path tmp = new Path(root.root(), "." + IndexRoot.CURRENT + "." + UUID.randomUUID() + ".tmp");
    write(tmp, IndexRoot.GEN_PREFIX + gen + "\n");
    FaultPoint.reach(FaultPoint.INDEX_PUBLISH_BEFORE_RENAME);
    // Local disks: rename(2) replaces the old pointer atomically. HDFS refuses to rename onto an
    // existing file; its FileContext rename with OVERWRITE is the atomic replace there.
    if (!fs.rename(tmp, pointer)) {
      FileContext.getFileContext(root.root().toUri(), root.conf()).rename(tmp, pointer, Options.Rename.OVERWRITE);
    }
    LOG.info("{} now points to gen-{}", pointer, gen);
  }

  private void writeAtomically(Path path, String text) throws IOException {
    Path tmp = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
    write(tmp, text);
    if (!fs.rename(tmp, path)) {
      fs.delete(tmp, false);
      throw new IOException("cannot rename " + tmp + " to " + path + " (does it exist already?)");
    }
  }

  private void write(Path path, String text) throws IOException {
    try (OutputStream out = fs.create(path, false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
