package io.faceengine.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The names given to clusters ({@code names.json} in a clustering output), with their provenance.
 * Append-only: naming a cluster again adds an entry, the latest one counts. A name follows its
 * cluster's representative face, so a full re-cluster carries it over to the cluster that now holds
 * that face ({@link ClusterJob}).
 */
final class ClusterNames {
  static final String FILE = "names.json";
  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * @param clusterId the cluster named, in the clustering it was recorded in (or carried over to)
   * @param representativeFaceId the cluster's representative when it was named: what the name follows
   * @param size the cluster's size then
   * @param namedBy who named it (the OS user, or --by)
   * @param namedAt when (ISO-8601)
   */
  record Name(long clusterId, String label, String representativeFaceId, long size, String namedBy, String namedAt) {}

  private ClusterNames() {}

  static List<Name> read(Configuration conf, String dir) throws IOException {
    Path file = new Path(dir, FILE);
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return List.of();
    }
    try (InputStream in = fs.open(file)) {
      return JSON.readValue(in, new TypeReference<List<Name>>() {});
    }
  }

  /** Writes {@code names} into {@code dir} atomically: a temporary file renamed over the old one. */
  static void write(Configuration conf, String dir, List<Name> names) throws IOException {
    Path file = new Path(dir, FILE);
    FileSystem fs = file.getFileSystem(conf);
    Path temp = new Path(dir, "." + FILE + "." + UUID.randomUUID());
    try (OutputStream out = fs.create(temp, false)) {
      JSON.writeValue(out, new ArrayList<>(names));
    }
    fs.delete(file, false);
    if (!fs.rename(temp, file)) {
      fs.delete(temp, false);
      throw new IOException("could not rename " + temp + " to " + file);
    }
  }
}
