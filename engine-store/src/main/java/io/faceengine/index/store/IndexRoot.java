package io.faceengine.index.store;

import io.faceengine.index.GenerationManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where everything of an index lives under its root, on any Hadoop file system:
 *
 * <pre>
 * ROOT/CURRENT                  the served generation's directory name, e.g. "gen-7"
 * ROOT/gen-&lt;n&gt;/manifest.json    {@link GenerationManifest}: written last, so a generation without it is unfinished
 * ROOT/gen-&lt;n&gt;/shard-&lt;i&gt;/       one Lucene index per shard
 * ROOT/gen-&lt;n&gt;/_tmp/           shard copies in progress
 * ROOT/deletions/gen-&lt;n&gt;.json  {@link DeletionLedger}: deletions recorded by the update producing gen-n
 * </pre>
 */
public final class IndexRoot {
  public static final String CURRENT = "CURRENT";
  static final String GEN_PREFIX = "gen-";
  static final String SHARD_PREFIX = "shard-";
  private static final String TMP = "_tmp";
  private static final Pattern GEN_NAME = Pattern.compile("gen-([1-9][0-9]*)");

  private final Configuration conf;
  private final FileSystem fs;
  private final Path root;

  public IndexRoot(Configuration conf, String root) {
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

  FileSystem fs() {
    return fs;
  }

  Configuration conf() {
    return conf;
  }

  Path currentPointer() {
    return new Path(root, CURRENT);
  }

  Path generation(long gen) {
    return new Path(root, GEN_PREFIX + gen);
  }

  Path manifest(long gen) {
    return new Path(generation(gen), GenerationManifest.FILE_NAME);
  }

  /** Where shard {@code shard} of generation {@code gen} is published. */
  public Path shard(long gen, int shard) {
    return new Path(generation(gen), SHARD_PREFIX + shard);
  }

  /** Where a begun generation's shard copies are written before they are renamed into place. */
  Path tmp(long gen) {
    return new Path(generation(gen), TMP);
  }

  /** The generation a name like {@code gen-7} names, or -1. */
  static long generationOf(String name) {
    Matcher m = GEN_NAME.matcher(name);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Numbers of every gen-n directory, complete or not, ascending. */
  List<Long> generationDirs() throws IOException {
    if (!fs.exists(root)) {
      return List.of();
    }
    List<Long> gens = new ArrayList<>();
    for (FileStatus status : fs.listStatus(root)) {
      long gen = generationOf(status.getPath().getName());
      if (status.isDirectory() && gen > 0) {
        gens.add(gen);
      }
    }
    gens.sort(null);
    return gens;
  }

  /** Whether generation {@code gen} is complete: it has a manifest. */
  boolean isComplete(long gen) throws IOException {
    return fs.exists(manifest(gen));
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
