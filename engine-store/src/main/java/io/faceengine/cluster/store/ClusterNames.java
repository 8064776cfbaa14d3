package io.faceengine.cluster.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The names given to clusters ({@code names.json} in a clustering output), with their provenance.
 * Append-only: naming a cluster again adds an entry, the latest one counts. A name follows its
 * cluster's representative face, so a full re-cluster carries it over to the cluster that now holds
 * that face (the cluster job). Written by {@code bin/engine cluster name} and by the query service's
 * {@code POST /v1/clusters/{id}/name}; one writer at a time (each rewrites the whole file).
 */
public final class ClusterNames {
  public static final String FILE = "names.json";
  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * @param clusterId the cluster named, in the clustering it was recorded in (or carried over to)
   * @param representativeFaceId the cluster's representative when it was named: what the name follows
   * @param size the cluster's size then
   * @param namedBy who named it (the OS user, or --by; the API caller's {@code by}, else "api")
   * @param namedAt when (ISO-8601)
   */
  public record Name(long clusterId, String label, String representativeFaceId, long size, String namedBy,
      String namedAt) {}

  private ClusterNames() {}

  public static List<Name> read(Configuration conf, String dir) throws IOException {
    Path file = new Path(dir, FILE);
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return List.of();
    }
    try (InputStream in = fs.open(file)) {
      return JSON.readValue(in, new TypeReference<List<Name>>() {});
    }
  }

  /** The name that counts for each cluster: its latest entry. */
  public static Map<Long, Name> latest(List<Name> names) {
    Map<Long, Name> latest = new HashMap<>();
    for (Name name : names) {
      latest.put(name.clusterId(), name);
    }
    return latest;
  }

  /** Adds {@code name} to the names of the clustering in {@code dir} (read, appended, written atomically). */
  public static List<Name> append(Configuration conf, String dir, Name name) throws IOException {
    List<Name> names = new ArrayList<>(read(conf, dir));
    names.add(name);
    write(conf, dir, names);
    return names;
  }

  /** Writes {@code names} into {@code dir} atomically: a temporary file renamed over the old one. */
  public static void write(Configuration conf, String dir, List<Name> names) throws IOException {
    Path file = new Path(dir, FILE);
    FileSystem fs = file.getFileSystem(conf);
    Path temp = new Path(dir, "." + FILE + "." + UUID.randomUUID());
    try (OutputStream out = fs.create(temp, false)) {
      JSON.writeValue(out, new ArrayList<>(names));
    }
    try { // replaces the file in one rename (HDFS, local disks): a reader sees the old names or the new ones
      FileContext.getFileContext(fs.getUri(), conf).rename(temp, file, Options.Rename.OVERWRITE);
    } catch (IOException e) {
      fs.delete(temp, false);
      throw new IOException("could not rename " + temp + " to " + file + ": " + e.getMessage(), e);
    }
  }
}
