package io.faceengine.index.store;

import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.GenerationManifest.ShardFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The published index on any Hadoop file system ({@link IndexRoot} draws its layout), read: which
 * generation {@code CURRENT} names, the complete generations, their manifests and shards, and the
 * deletion ledger. Writing a generation is {@link GenerationPublisher}'s; deleting old ones
 * {@link GenerationRetention}'s.
 */
public final class GenerationStore {
  public static final String CURRENT = IndexRoot.CURRENT;

  private final IndexRoot root;
  private final FileSystem fs;

  public GenerationStore(Configuration conf, String root) {
    this.root = new IndexRoot(conf, root);
    this.fs = this.root.fs();
  }

  public Path root() {
    return root.root();
  }

  IndexRoot layout() {
    return root;
  }

  /** The generation {@code CURRENT} points to, if any. */
  public OptionalLong current() throws IOException {
    Path pointer = root.currentPointer();
    if (!fs.exists(pointer)) {
      return OptionalLong.empty();
    }
    String name;
    try (InputStream in = fs.open(pointer)) {
      name = new String(in.readNBytes(256), StandardCharsets.UTF_8).trim();
    }
    long gen = IndexRoot.generationOf(name);
    if (gen < 0) {
      throw new IOException(pointer + " holds '" + name + "', not a generation name like gen-1");
    }
    return OptionalLong.of(gen);
  }

  /** Generations with a manifest, oldest first. */
  public List<Long> generations() throws IOException {
    List<Long> complete = new ArrayList<>();
    for (long gen : root.generationDirs()) {
      if (root.isComplete(gen)) {
        complete.add(gen);
      }
    }
    return complete;
  }

  /** The manifest of a complete generation. */
  public GenerationManifest manifest(long gen) throws IOException {
    Path path = root.manifest(gen);
    if (!fs.exists(path)) {
      throw new IOException("generation " + gen + " has no manifest (" + path + "): it is unfinished or deleted");
    }
    try (InputStream in = fs.open(path)) {
      return GenerationManifest.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), path.toString());
    }
  }

  /** Where shard {@code shard} of generation {@code gen} is published. */
  public Path shardPath(long gen, int shard) {
    return root.shard(gen, shard);
  }

  /** Copies the files of a published shard into a local directory (for an update to open and change). */
  public void fetchShard(long gen, ShardEntry entry, java.nio.file.Path localDir) throws IOException {
    Path remote = root.shard(gen, entry.shard());
    for (ShardFile file : entry.files()) {
      fs.copyToLocalFile(false, new Path(remote, file.name()), new Path(localDir.resolve(file.name()).toUri()), true);
    }
  }

  /**
   * A local directory holding a published shard, for Lucene to open: the shard itself when the root
   * is on a local file system, else a copy made under {@code scratch}.
   */
  public java.nio.file.Path localShard(long gen, int shard, java.nio.file.Path scratch) throws IOException {
    Path remote = root.shard(gen, shard);
    if ("file".equals(root.root().toUri().getScheme())) {
      return java.nio.file.Path.of(remote.toUri());
    }
    java.nio.file.Path local = Files.createDirectories(
        scratch.resolve(IndexRoot.GEN_PREFIX + gen + "-" + IndexRoot.SHARD_PREFIX + shard));
    for (FileStatus status : fs.listStatus(remote)) {
      fs.copyToLocalFile(false, status.getPath(), new Path(local.resolve(status.getPath().getName()).toUri()), true);
    }
    return local;
  }

  /**
   * Checks a published shard against its manifest entry: exactly the listed files, each with its
   * size and SHA-256. Throws an {@link IOException} naming the first difference.
   */
  public void verifyShard(long gen, ShardEntry entry) throws IOException {
    Path dir = root.shard(gen, entry.shard());
    if (!fs.exists(dir)) {
      throw new IOException("shard " + entry.shard() + " of generation " + gen + " is missing: " + dir);
    }
    Set<String> present = new TreeSet<>();
    for (FileStatus status : fs.listStatus(dir)) {
      present.add(status.getPath().getName());
    }
    Set<String> expected = new TreeSet<>();
    entry.files().forEach(f -> expected.add(f.name()));
    if (!present.equals(expected)) {
      throw new IOException(dir + " holds " + present + ", the manifest lists " + expected);
    }
    for (ShardFile file : entry.files()) {
      Path path = new Path(dir, file.name());
      long length = fs.getFileStatus(path).getLen();
      if (length != file.bytes()) {
        throw new IOException(path + ": " + length + " bytes, the manifest says " + file.bytes());
      }
      String sha = ChecksummedCopy.sha256(fs, path);
      if (!sha.equals(file.sha256())) {
        throw new IOException(path + ": SHA-256 " + sha + " differs from the manifest's " + file.sha256());
      }
    }
  }

  /** The deletions ever recorded under this root. */
  public DeletionLedger ledger() {
    return new DeletionLedger(fs, root.root());
  }

  /** The ledger's entries that generation {@code gen} does not reflect (recorded after it was built), by name. */
  public SortedMap<String, Deletions> deletionsMissingFrom(long gen) throws IOException {
    return deletionsMissingFrom(manifest(gen));
  }

  /** As {@link #deletionsMissingFrom(long)}, for a manifest already read. */
  public SortedMap<String, Deletions> deletionsMissingFrom(GenerationManifest manifest) throws IOException {
    return DeletionLedger.notAppliedBy(ledger().entries(), manifest);
  }
}
