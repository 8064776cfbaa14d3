package io.faceengine.query.clusters;

import io.faceengine.cluster.store.ClusterLookup;
import io.faceengine.cluster.store.ClusterLookup.ClusterSummary;
import io.faceengine.cluster.store.ClusterLookup.LabelCount;
import io.faceengine.cluster.store.ClusterLookup.Member;
import io.faceengine.cluster.store.ClusterNames.Name;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.query.Candidate;
import io.faceengine.query.QueryException;
import io.faceengine.query.QueryException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The clusters the API serves (docs/clustering.md), from a clustering output's lookup and names,
 * without Spark: a face's cluster, a cluster with its members paged, the clusters by size (named ones
 * last when asked), naming a cluster, and the cluster name of an unlabelled search candidate. Without
 * a clustering ({@code engine.query.clusters} empty) every cluster route answers 404
 * {@code no_clustering} and candidates are left as they are.
 */
public final class Clusters implements AutoCloseable {
  public static final int DEFAULT_MEMBERS = 50;
  public static final int MAX_MEMBERS = 500;
  public static final int DEFAULT_CLUSTERS = 20;
  public static final int MAX_CLUSTERS = 200;
  public static final int MAX_LABEL_CHARS = 200;

  /** {@code GET /v1/faces/{face_id}/cluster}; {@code name} null when the cluster has none. */
  public record FaceCluster(String faceId, long clusterId, long size, String name, String representativeFaceId) {}

  /** A face of a cluster; {@code label} (from ingest) null when it has none. */
  public record ClusterMember(String faceId, String label, String imageUri) {}

  /**
   * A cluster and how it was named.
   *
   * @param rank its place by size, 0 for the largest
   * @param labels the ingest labels its members carry, most frequent first (absent when none)
   * @param named who named it and when (absent when unnamed)
   */
  public record ClusterItem(long clusterId, long size, int rank, String representativeFaceId, double cohesion,
      String name, Naming named, List<LabelCount> labels) {}

  /** Who named a cluster, and when. */
  public record Naming(String by, String at) {}

  /** {@code GET /v1/clusters/{cluster_id}}: the cluster, and members {@code offset} to {@code offset + limit}. */
  public record ClusterPage(ClusterItem cluster, long offset, int limit, List<ClusterMember> members) {}

  /**
   * {@code GET /v1/clusters}: clusters {@code offset} to {@code offset + limit} by size, largest first
   * (the unnamed ones first when {@code unnamedFirst}).
   *
   * @param clusters how many the clustering holds; {@code named} of them have a name
   */
  public record ClusterList(String lookupId, String modelId, long faces, long clusters, long named, long offset,
      int limit, boolean unnamedFirst, List<ClusterItem> items) {}

  private final ClusteringWatcher watcher;

  private Clusters(ClusteringWatcher watcher) {
    this.watcher = watcher;
  }

  /** The clustering of {@code config.clusters()}, opened now, or none. */
  public static Clusters start(QueryConfig config) throws IOException {
    if (config.clusters().isEmpty()) {
      return new Clusters(null);
    }
    Path scratch = Files.createDirectories(config.scratchDir().map(Path::of)
        .orElse(Path.of(System.getProperty("java.io.tmpdir"))).resolve("face-engine-clusters"));
    ClusteringWatcher watcher = new ClusteringWatcher(new Configuration(), config.clusters().get(), scratch,
        config.pollInterval());
    try {
      watcher.start();
    } catch (IOException | RuntimeException e) {
      watcher.close();
      throw e;
    }
    return new Clusters(watcher);
  }

  /** No clustering served. */
  public static Clusters none() {
    return new Clusters(null);
  }

  /** Clusters in the clustering served; absent when there is none. */
  public Optional<Long> count() {
    if (watcher == null) {
      return Optional.empty();
    }
    return Optional.of(read(lookup -> (long) lookup.clusterCount()));
  }

  public FaceCluster faceCluster(String faceId) {
    return read(lookup -> {
      Member face = lookup.face(faceId).orElseThrow(() -> new QueryException(Kind.UNKNOWN_FACE, "unknown_face",
          "face " + faceId + " is not in the clustering " + watcher.output()));
      ClusterSummary cluster = lookup.cluster(face.clusterId()).orElseThrow();
      Name name = watcher.names().get(cluster.clusterId());
      return new FaceCluster(faceId, cluster.clusterId(), cluster.size(), name == null ? null : name.label(),
          cluster.representativeFaceId());
    });
  }

  public ClusterPage cluster(long clusterId, long offset, int limit) {
    checkPaging(offset, limit, MAX_MEMBERS);
    return read(lookup -> {
      ClusterSummary cluster = summary(lookup, clusterId);
      List<ClusterMember> members = lookup.members(clusterId, offset, limit).stream()
          .map(m -> new ClusterMember(m.faceId(), m.label(), m.imageUri())).toList();
      return new ClusterPage(item(cluster, watcher.names()), offset, limit, members);
    });
  }

  public ClusterList list(long offset, int limit, boolean unnamedFirst) {
    checkPaging(offset, limit, MAX_CLUSTERS);
    return read(lookup -> {
      Map<Long, Name> names = watcher.names();
      // The ranks (places by size) of the named clusters this clustering holds, ascending.
      List<Integer> namedRanks = new ArrayList<>();
      for (long id : names.keySet()) {
        lookup.cluster(id).ifPresent(c -> namedRanks.add(c.rank()));
      }
      namedRanks.sort(null);
      long total = lookup.clusterCount();
      long unnamed = total - namedRanks.size();
      List<ClusterItem> items = new ArrayList<>();
      for (long p = offset; p < Math.min(total, offset + limit); p++) {
        int rank;
        if (!unnamedFirst) {
          rank = (int) p;
        } else if (p < unnamed) {
          rank = unnamedRank(p, namedRanks);
        } else {
          rank = namedRanks.get((int) (p - unnamed));
        }
        items.add(item(lookup.clusterAt(rank), names));
      }
      ClusterLookup.Manifest m = lookup.manifest();
      return new ClusterList(m.id(), m.modelId(), m.faces(), total, namedRanks.size(), offset, limit, unnamedFirst,
          items);
    });
  }

  /** The rank of the {@code p}-th unnamed cluster (0-based) by size: ranks skipping the named ones. */
  static int unnamedRank(long p, List<Integer> namedRanks) {
    long rank = p;
    for (int named : namedRanks) {
      if (named <= rank) {
        rank++;
      } else {
        break;
      }
    }
    return (int) rank;
  }

  /**
   * Names a cluster: recorded in the output's {@code names.json} as {@code cluster name} does (its
   * representative face and size now, who, when), and served at once.
   *
   * @param by who names it; "api" when the caller does not say
   */
  public Name name(long clusterId, String label, String by) {
    if (label == null || label.isBlank()) {
      throw QueryException.badRequest("invalid_label", "label must be a non-empty name");
    }
    if (label.strip().length() > MAX_LABEL_CHARS || (by != null && by.length() > MAX_LABEL_CHARS)) {
      throw QueryException.badRequest("invalid_label", "label and by must be at most " + MAX_LABEL_CHARS
          + " characters");
    }
    return read(lookup -> {
      ClusterSummary cluster = summary(lookup, clusterId);
      Name name = new Name(clusterId, label.strip(), cluster.representativeFaceId(), cluster.size(),
          by == null || by.isBlank() ? "api" : by.strip(), Instant.now().toString());
      return watcher.record(name);
    });
  }

  /**
   * The candidates, each unlabelled one that belongs to a named cluster known by that name
   * ({@link Candidate#FROM_CLUSTER}); as they are without a clustering or names.
   */
  public List<Candidate> identify(List<Candidate> candidates) {
    if (watcher == null || watcher.names().isEmpty() || candidates.stream().allMatch(c -> c.label() != null)) {
      return candidates;
    }
    return read(lookup -> {
      Map<Long, Name> names = watcher.names();
      List<Candidate> identified = new ArrayList<>(candidates.size());
      for (Candidate c : candidates) {
        Name name = c.label() != null ? null
            : lookup.face(c.faceId()).map(m -> names.get(m.clusterId())).orElse(null);
        identified.add(name == null ? c : c.withClusterName(name.label()));
      }
      return identified;
    });
  }

  private ClusterSummary summary(ClusterLookup lookup, long clusterId) throws IOException {
    return lookup.cluster(clusterId).orElseThrow(() -> new QueryException(Kind.UNKNOWN_CLUSTER, "unknown_cluster",
        "the clustering " + watcher.output() + " has no cluster " + clusterId + " (clusters 0 to "
            + (lookup.clusterCount() - 1) + ")"));
  }

  private static ClusterItem item(ClusterSummary c, Map<Long, Name> names) {
    Name name = names.get(c.clusterId());
    return new ClusterItem(c.clusterId(), c.size(), c.rank(), c.representativeFaceId(), c.cohesion(),
        name == null ? null : name.label(), name == null ? null : new Naming(name.namedBy(), name.namedAt()),
        c.labels().isEmpty() ? null : c.labels());
  }

  private static void checkPaging(long offset, int limit, int maxLimit) {
    if (offset < 0) {
      throw QueryException.badRequest("invalid_offset", "offset must be 0 or more, got " + offset);
    }
    if (limit < 1 || limit > maxLimit) {
      throw QueryException.badRequest("invalid_limit", "limit must be in [1, " + maxLimit + "], got " + limit);
    }
  }

  /** A read of the lookup open now, held open for its duration. */
  private interface LookupRead<T> {
    T apply(ClusterLookup lookup) throws IOException;
  }

  private <T> T read(LookupRead<T> read) {
    if (watcher == null) {
      throw new QueryException(Kind.NO_CLUSTERING, "no_clustering", "this service serves no clustering: start it"
          + " with serve --clusters DIR (or engine.query.clusters = DIR), DIR an output of bin/engine cluster");
    }
    OpenClustering open = watcher.acquire();
    if (open == null) {
      throw new QueryException(Kind.UNAVAILABLE, "clusters_unavailable", "the clustering " + watcher.output()
          + " is not open");
    }
    try {
      return read.apply(open.lookup());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the clustering " + watcher.output() + ": " + e.getMessage(), e);
    } finally {
      open.release();
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
