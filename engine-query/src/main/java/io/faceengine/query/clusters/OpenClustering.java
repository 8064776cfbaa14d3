package io.faceengine.query.clusters;

import io.faceengine.cluster.store.ClusterLookup;
import io.faceengine.query.poll.References;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clustering's lookup that the service has open, with a count of the requests using it:
 * {@link #retire()} closes it once the last request in flight has released it, so a replaced
 * clustering never closes under a running request.
 */
final class OpenClustering {
  private static final Logger LOG = LoggerFactory.getLogger(OpenClustering.class);

  private final ClusterLookup lookup;
  /** The local copy of a remote output's lookup, deleted with it; null when opened in place. */
  private final Path copy;
  /** Requests holding it, plus one for the service while it is not retired. */
  private final References references = new References(this::close);

  OpenClustering(ClusterLookup lookup, Path copy) {
    this.lookup = lookup;
    this.copy = copy;
  }

  ClusterLookup lookup() {
    return lookup;
  }

  String id() {
    return lookup.manifest().id();
  }

  /** Takes a reference for one request; false once retired. Pair with {@link #release()}. */
  boolean tryAcquire() {
    return references.tryAcquire();
  }

  void release() {
    references.release();
  }

  private void close() {
    try {
      IOUtils.close(lookup);
      if (copy != null) {
        IOUtils.rm(copy);
      }
    } catch (IOException e) {
      LOG.warn("closing the cluster lookup {}: {}", id(), e.toString());
    }
  }

  /** No new requests; it closes when the requests in flight are done. */
  void retire() {
    release();
  }
}
