package io.faceengine.cluster;

import java.util.Locale;

/**
 * What a clustering run wrote, counted from its output.
 *
 * @param edges undirected edges of the kNN graph within the threshold
 * @param singletons clusters of one face
 * @param largest the largest cluster's size
 */
public record ClusterResult(long faces, long edges, long clusters, long singletons, long largest, double seconds,
    String output) {
  public String line() {
    return String.format(Locale.ROOT, "cluster: %d faces, %d edges: %d clusters (%d of one face, the largest %d)"
        + " written to %s in %.1f s", faces, edges, clusters, singletons, largest, output, seconds);
  }
}
