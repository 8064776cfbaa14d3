package io.faceengine.query.clusters;

import io.faceengine.cluster.store.ClusterLookup;
import io.faceengine.cluster.store.ClusterNames;
import io.faceengine.cluster.store.ClusterNames.Name;
import io.faceengine.query.poll.LogOnce;
import io.faceengine.query.poll.PeriodicPoll;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the clustering output the service serves open: every poll interval it reads the output's
 * {@code lookup/lookup.json}, and when a new clustering has replaced it (another lookup id: a
 * re-run, or {@code --assign-new}) opens the new lookup (copied to local disk first when the output
 * is remote), switches to it and retires the old one; it reads {@code names.json} again whenever
 * that file changes. While the output is being replaced (no lookup for a moment) or cannot be
 * opened, it keeps serving the clustering it has, and says so once in its log.
 */
final class ClusteringWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusteringWatcher.class);

  private final Configuration conf;
  private final String output;
  private final Path scratch;
  private final PeriodicPoll polling;
  private final LogOnce problems = new LogOnce(LOG::warn);
  private volatile OpenClustering current;
  private volatile Map<Long, Name> names = Map.of();
  /** The names file as last read: modification time and length; null to read it again. */
  private volatile String namesSeen;

  ClusteringWatcher(Configuration conf, String output, Path scratch, Duration pollInterval) {
    this.conf = conf;
    this.output = output;
    this.scratch = scratch;
    this.polling = new PeriodicPoll("clustering-watcher", pollInterval, this::poll);
  }

  /** Opens the clustering now (refusing an output that has none), then polls for a replacement in the background. */
  void start() throws IOException {
    Optional<ClusterLookup.Manifest> manifest = ClusterLookup.readManifest(conf, output);
    if (manifest.isEmpty()) {
      throw new IllegalArgumentException(output + " holds no clustering lookup (" + ClusterLookup.DIR + "/"
          + ClusterLookup.MANIFEST + "): give a clustering output of bin/engine cluster; an output written before"
          + " the lookup existed needs bin/engine cluster again");
    }
    open(manifest.get());
    polling.start();
  }

  String output() {
    return output;
  }

  /** The clustering open now, acquired for one request: release it when done. */
  OpenClustering acquire() {
    while (true) {
      OpenClustering open = current;
      if (open == null) {
        return null;
      }
      if (open.tryAcquire()) {
        return open;
      }
    }
  }

  /** The name that counts for each named cluster. */
  Map<Long, Name> names() {
    return names;
  }

  /** Records a name in {@code names.json} and serves it at once; one naming at a time. */
  synchronized Name record(Name name) throws IOException {
    List<Name> all = ClusterNames.append(conf, output, name);
    names = Map.copyOf(ClusterNames.latest(all));
    namesSeen = namesStatus();
    return name;
  }

  private void poll() {
    try {
      Optional<ClusterLookup.Manifest> manifest = ClusterLookup.readManifest(conf, output);
      if (manifest.isEmpty()) {
        problems.report(output + " holds no clustering lookup now (being replaced?): still serving lookup "
            + (current == null ? "none" : current.id()));
        return;
      }
      if (current == null || !current.id().equals(manifest.get().id())) {
        open(manifest.get());
      }
      synchronized (this) {
        String status = namesStatus();
        if (!status.equals(namesSeen)) {
          readNames(status);
        }
      }
      problems.report("");
    } catch (IOException | RuntimeException e) {
      problems.report("cannot open the clustering " + output + ": " + e.getMessage() + "; still serving lookup "
          + (current == null ? "none" : current.id()));
    }
  }

  private void open(ClusterLookup.Manifest manifest) throws IOException {
    Path local = ClusterLookup.local(conf, output, manifest, scratch);
    Path copy = ClusterLookup.inPlace(conf, output) ? null : local;
    ClusterLookup lookup;
    try {
      lookup = ClusterLookup.open(local);
    } catch (IOException | RuntimeException e) {
      if (copy != null) {
        org.apache.lucene.util.IOUtils.rm(copy);
      }
      throw e;
    }
    OpenClustering opened = new OpenClustering(lookup, copy);
    synchronized (this) {
      readNames(namesStatus());
      OpenClustering old = current;
      current = opened;
      if (old != null) {
        old.retire();
      }
    }
    LOG.info("clustering {}: {} faces in {} clusters, {} named (lookup {})", output, lookup.faceCount(),
        lookup.clusterCount(), names.size(), lookup.manifest().id());
  }

  private void readNames(String status) throws IOException {
    names = Map.copyOf(ClusterNames.latest(ClusterNames.read(conf, output)));
    namesSeen = status;
  }

  /** The names file's modification time and length, "none" when there is none: what tells a change. */
  private String namesStatus() throws IOException {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(output, ClusterNames.FILE);
    FileSystem fs = file.getFileSystem(conf);
    try {
      FileStatus status = fs.getFileStatus(file);
      return status.getModificationTime() + ":" + status.getLen();
    } catch (java.io.FileNotFoundException e) {
      return "none";
    }
  }

  @Override
  public void close() {
    polling.close();
    OpenClustering open = current;
    current = null;
    if (open != null) {
      open.retire();
    }
  }
}
