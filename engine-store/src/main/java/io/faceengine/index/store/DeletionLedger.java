package io.faceengine.index.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The deletions ever requested on an index root, append-only: {@code ROOT/deletions/gen-<n>.json}
 * holds the {@link Deletions} that the update producing generation n recorded. Entries are written
 * once, never changed and never deleted (retention keeps them), so a full rebuild, or an update
 * after a rollback, can apply all of them. A manifest lists the entries its generation reflects.
 */
public final class DeletionLedger {
  static final String DIR = "deletions";
  private static final Pattern ENTRY = Pattern.compile("(gen-[1-9][0-9]*)\\.json");
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private final FileSystem fs;
  private final Path dir;

  DeletionLedger(FileSystem fs, Path root) {
    this.fs = fs;
    this.dir = new Path(root, DIR);
  }

  /** The entry name of the deletions recorded with generation {@code gen}. */
  public static String entryName(long gen) {
    return "gen-" + gen;
  }

  /** The entries' names (e.g. {@code gen-3}), without reading them: a cheap check for new entries. */
  public SortedSet<String> entryNames() throws IOException {
    SortedSet<String> names = new TreeSet<>();
    if (fs.exists(dir)) {
      for (FileStatus status : fs.listStatus(dir)) {
        Matcher m = ENTRY.matcher(status.getPath().getName());
        if (m.matches()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /** Every entry by name (e.g. {@code gen-3}), in name order. */
  public SortedMap<String, Deletions> entries() throws IOException {
    SortedMap<String, Deletions> entries = new TreeMap<>();
    if (!fs.exists(dir)) {
      return entries;
    }
    for (FileStatus status : fs.listStatus(dir)) {
      Matcher m = ENTRY.matcher(status.getPath().getName());
      if (!m.matches()) {
        continue; // a temporary file of an interrupted write
      }
      try (InputStream in = fs.open(status.getPath())) {
        entries.put(m.group(1), JSON.readValue(in, Deletions.class));
      } catch (JsonProcessingException e) {
        throw new IOException("invalid deletion ledger entry " + status.getPath() + ": " + e.getOriginalMessage(), e);
      }
    }
    return entries;
  }

  /** The entries a generation does not reflect: those missing from its manifest's {@code deletionsApplied}. */
  public static SortedMap<String, Deletions> notAppliedBy(SortedMap<String, Deletions> entries,
      GenerationManifest manifest) {
    SortedMap<String, Deletions> missing = new TreeMap<>(entries);
    missing.keySet().removeAll(manifest.deletionsApplied());
    return missing;
  }

  /** All deletions of the given entries together. */
  public static Deletions union(Map<String, Deletions> entries) {
    return Deletions.unionOf(entries.values());
  }

  /**
   * Records the deletions of the update producing {@code gen}: written to a temporary file and
   * renamed into place, so an entry is whole or absent. Refuses to overwrite an entry.
   */
  public void record(long gen, Deletions deletions) throws IOException {
    Path entry = new Path(dir, entryName(gen) + ".json");
    if (fs.exists(entry)) {
      throw new IOException("the deletion ledger already has " + entry + ": generation numbers are never reused");
    }
    fs.mkdirs(dir);
    Path tmp = new Path(dir, "." + entryName(gen) + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(JSON.writeValueAsString(deletions).getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(tmp, entry)) {
      fs.delete(tmp, false);
      throw new IOException("cannot rename " + tmp + " to " + entry);
    }
  }
}
