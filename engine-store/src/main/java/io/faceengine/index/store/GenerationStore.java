package io.faceengine.index.store;

import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.GenerationManifest.ShardFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published index on any Hadoop file system:
 *
 * <pre>
 * ROOT/CURRENT                  the served generation's directory name, e.g. "gen-7"
 * ROOT/gen-&lt;n&gt;/manifest.json    {@link GenerationManifest}: written last, so a generation without it is unfinished
 * ROOT/gen-&lt;n&gt;/shard-&lt;i&gt;/       one Lucene index per shard
 * ROOT/gen-&lt;n&gt;/_tmp/           shard copies in progress
 * ROOT/deletions/gen-&lt;n&gt;.json  {@link DeletionLedger}: deletions recorded by the update producing gen-n
 * </pre>
 *
 * A build {@link #beginGeneration() begins} a generation, {@link #publishShard publishes} each shard
 * into it (from the task that built it) and {@link #commit commits} it: every shard is verified
 * against the checksums taken while it was copied, the manifest is written, and {@code CURRENT}
 * is replaced in one atomic rename. Any failure before that rename leaves {@code CURRENT} as it was.
 * One build or rollback at a time per root.
 */
public final class GenerationStore {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationStore.class);

  public static final String CURRENT = "CURRENT";
  private static final String GEN_PREFIX = "gen-";
  private static final String SHARD_PREFIX = "shard-";
  private static final String TMP = "_tmp";
  private static final Pattern GEN_NAME = Pattern.compile("gen-([1-9][0-9]*)");
  private static final int COPY_BUFFER = 1 << 20;

  private final Configuration conf;
  private final FileSystem fs;
  private final Path root;

  public GenerationStore(Configuration conf, String root) {
    try {
      this.conf = conf;
      Path path = new Path(root);
      FileSystem fileSystem = path.getFileSystem(conf);
      this.root = fileSystem.makeQualified(path);
      // On local disks use the raw file system: no .crc side files (the manifest holds a SHA-256 of
      // every file), and renaming CURRENT stays one atomic rename(2) instead of two renames.
      this.fs = fileSystem instanceof LocalFileSystem local ? local.getRawFileSystem() : fileSystem;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the index root " + root + ": " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  /** The generation {@code CURRENT} points to, if any. */
  public OptionalLong current() throws IOException {
    Path pointer = new Path(root, CURRENT);
    if (!fs.exists(pointer)) {
      return OptionalLong.empty();
    }
    String name;
    try (InputStream in = fs.open(pointer)) {
      name = new String(in.readNBytes(256), StandardCharsets.UTF_8).trim();
    }
    Matcher m = GEN_NAME.matcher(name);
    if (!m.matches()) {
      throw new IOException(pointer + " holds '" + name + "', not a generation name like gen-1");
    }
    return OptionalLong.of(Long.parseLong(m.group(1)));
  }

  /** Generations with a manifest, oldest first. */
  public List<Long> generations() throws IOException {
    List<Long> complete = new ArrayList<>();
    for (long gen : generationDirs()) {
      if (fs.exists(manifestPath(gen))) {
        complete.add(gen);
      }
    }
    return complete;
  }

  /** The manifest of a complete generation. */
  public GenerationManifest manifest(long gen) throws IOException {
    Path path = manifestPath(gen);
    if (!fs.exists(path)) {
      throw new IOException("generation " + gen + " has no manifest (" + path + "): it is unfinished or deleted");
    }
    try (InputStream in = fs.open(path)) {
      return GenerationManifest.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), path.toString());
    }
  }

  /**
   * Starts a generation: deletes what unfinished builds left (generations without a manifest),
   * then creates {@code gen-<n>} with n above every generation seen, finished or not. Numbers are
   * never reused, so a straggling task of a failed build can only write into its own, dead,
   * generation.
   */
  public long beginGeneration() throws IOException {
    long next = 1;
    for (long gen : generationDirs()) {
      if (!fs.exists(manifestPath(gen))) {
        LOG.warn("deleting {}: an unfinished build left it without a manifest", generationPath(gen));
        fs.delete(generationPath(gen), true);
      }
      next = Math.max(next, gen + 1);
    }
    if (!fs.mkdirs(generationPath(next))) {
      throw new IOException("cannot create " + generationPath(next));
    }
    return next;
  }

  /** Where shard {@code shard} of generation {@code gen} is published. */
  public Path shardPath(long gen, int shard) {
    return new Path(generationPath(gen), SHARD_PREFIX + shard);
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
    return install(gen, shard, tmp -> {
      List<ShardFile> copied = new ArrayList<>();
      for (String name : files) {
        copied.add(copy(Files.newInputStream(localDir.resolve(name)), name, new Path(tmp, name)));
      }
      return new ShardEntry(shard, docs, copied);
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
    Path source = shardPath(from, entry.shard());
    return install(to, entry.shard(), tmp -> {
      for (ShardFile file : entry.files()) {
        ShardFile copied = copy(fs.open(new Path(source, file.name())), file.name(), new Path(tmp, file.name()));
        if (!copied.equals(file)) {
          throw new IOException(new Path(source, file.name()) + " has " + copied.bytes() + " bytes, SHA-256 "
              + copied.sha256() + "; the manifest of gen-" + from + " says " + file.bytes() + " bytes, " + file.sha256());
        }
      }
      return entry;
    });
  }

  /** Copies the files of published shard into a local directory (for an update to open and change). */
  public void fetchShard(long gen, ShardEntry entry, java.nio.file.Path localDir) throws IOException {
    Path remote = shardPath(gen, entry.shard());
    for (ShardFile file : entry.files()) {
      fs.copyToLocalFile(false, new Path(remote, file.name()), new Path(localDir.resolve(file.name()).toUri()), true);
    }
  }

  /** The deletions ever recorded under this root. */
  public DeletionLedger ledger() {
    return new DeletionLedger(fs, root);
  }

  /** The ledger's entries that generation {@code gen} does not reflect (recorded after it was built), by name. */
  public SortedMap<String, Deletions> deletionsMissingFrom(long gen) throws IOException {
    return deletionsMissingFrom(manifest(gen));
  }

  /** As {@link #deletionsMissingFrom(long)}, for a manifest already read. */
  public SortedMap<String, Deletions> deletionsMissingFrom(GenerationManifest manifest) throws IOException {
    return DeletionLedger.notAppliedBy(ledger().entries(), manifest);
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
    if (!fs.exists(generationPath(gen))) {
      throw new IOException("generation " + gen + " was not begun (" + generationPath(gen) + " is missing)");
    }
    Path tmp = new Path(new Path(generationPath(gen), TMP), SHARD_PREFIX + shard + "-" + UUID.randomUUID());
    try {
      ShardEntry entry = write.writeInto(tmp);
      Path target = shardPath(gen, shard);
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
   * A local directory holding a published shard, for Lucene to open: the shard itself when the root
   * is on a local file system, else a copy made under {@code scratch}.
   */
  public java.nio.file.Path localShard(long gen, int shard, java.nio.file.Path scratch) throws IOException {
    Path remote = shardPath(gen, shard);
    if ("file".equals(root.toUri().getScheme())) {
      return java.nio.file.Path.of(remote.toUri());
    }
    java.nio.file.Path local = Files.createDirectories(scratch.resolve(GEN_PREFIX + gen + "-" + SHARD_PREFIX + shard));
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
    Path dir = shardPath(gen, entry.shard());
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
      String sha = sha256(path);
      if (!sha.equals(file.sha256())) {
        throw new IOException(path + ": SHA-256 " + sha + " differs from the manifest's " + file.sha256());
      }
    }
  }

  /**
   * Makes a begun generation current: verifies every shard, writes the manifest and moves
   * {@code CURRENT} to it atomically. Then call {@link #retain} to delete old generations.
   */
  public void commit(GenerationManifest manifest) throws IOException {
    commit(manifest, true);
  }

  /**
   * Completes a begun generation: verifies every shard and writes the manifest; moves
   * {@code CURRENT} to it when {@code publish}, else leaves that to {@link #publish} (after more
   * checks, for instance).
   */
  public void commit(GenerationManifest manifest, boolean publish) throws IOException {
    long gen = manifest.generation();
    for (ShardEntry shard : manifest.shards()) {
      verifyShard(gen, shard);
    }
    Path extra = shardPath(gen, manifest.shardCount());
    if (fs.exists(extra)) {
      throw new IOException(extra + " exists but the manifest lists " + manifest.shardCount() + " shards");
    }
    fs.delete(new Path(generationPath(gen), TMP), true);
    writeAtomically(manifestPath(gen), manifest.toJson());
    if (publish) {
      pointTo(gen);
    }
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
    long current = current().orElseThrow(() -> new IOException("nothing to roll back: " + root + " has no "
        + CURRENT));
    List<Long> older = generations().stream().filter(g -> g < current).toList();
    if (older.isEmpty()) {
      throw new IOException("no generation older than gen-" + current + " is kept under " + root + " (kept: "
          + generations() + ")");
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
    return publish(gen, false);
  }

  /** As {@link #publish(long)}; {@code allowMissingDeletions} serves a generation that misses deletions all the same. */
  public long publish(long gen, boolean allowMissingDeletions) throws IOException {
    GenerationManifest manifest = manifest(gen);
    SortedMap<String, Deletions> missing = deletionsMissingFrom(manifest);
    if (!missing.isEmpty() && !allowMissingDeletions) {
      throw new DeletionsNotAppliedException(gen, missing);
    }
    for (ShardEntry shard : manifest.shards()) {
      verifyShard(gen, shard);
    }
    pointTo(gen);
    return gen;
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
    long current = current().orElse(-1);
    List<Long> complete = generations();
    List<Long> deleted = new ArrayList<>();
    for (long gen : complete.subList(0, Math.max(0, complete.size() - keep))) {
      if (gen != current) {
        fs.delete(generationPath(gen), true);
        deleted.add(gen);
      }
    }
    return deleted;
  }

  private void pointTo(long gen) throws IOException {
    Path pointer = new Path(root, CURRENT);
    Path tmp = new Path(root, "." + CURRENT + "." + UUID.randomUUID() + ".tmp");
    write(tmp, GEN_PREFIX + gen + "\n");
    // Local disks: rename(2) replaces the old pointer atomically. HDFS refuses to rename onto an
    // existing file; its FileContext rename with OVERWRITE is the atomic replace there.
    if (!fs.rename(tmp, pointer)) {
      FileContext.getFileContext(root.toUri(), conf).rename(tmp, pointer, Options.Rename.OVERWRITE);
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

  private ShardFile copy(InputStream source, String name, Path to) throws IOException {
    MessageDigest digest = sha256();
    long bytes = 0;
    try (InputStream in = new DigestInputStream(source, digest);
        OutputStream out = fs.create(to, false)) {
      byte[] buffer = new byte[COPY_BUFFER];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        bytes += n;
      }
    }
    return new ShardFile(name, bytes, HexFormat.of().formatHex(digest.digest()));
  }

  private String sha256(Path path) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(fs.open(path), digest)) {
      byte[] buffer = new byte[COPY_BUFFER];
      while (in.read(buffer) >= 0) {
        // reading feeds the digest
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Numbers of every gen-n directory, complete or not, ascending. */
  private List<Long> generationDirs() throws IOException {
    if (!fs.exists(root)) {
      return List.of();
    }
    List<Long> gens = new ArrayList<>();
    for (FileStatus status : fs.listStatus(root)) {
      Matcher m = GEN_NAME.matcher(status.getPath().getName());
      if (status.isDirectory() && m.matches()) {
        gens.add(Long.parseLong(m.group(1)));
      }
    }
    gens.sort(null);
    return gens;
  }

  private Path generationPath(long gen) {
    return new Path(root, GEN_PREFIX + gen);
  }

  private Path manifestPath(long gen) {
    return new Path(generationPath(gen), GenerationManifest.FILE_NAME);
  }
}
