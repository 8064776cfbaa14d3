package io.faceengine.cluster;

import java.util.List;

/**
 * {@code clustering.json}: how a clustering output was made (docs/clustering.md).
 *
 * @param faces the faces dataset clustered
 * @param index the index root searched for the kNN graph, or null when a temporary generation was built
 * @param threshold the distance on {@code metric} beyond which faces are not linked; {@code similarity} the same as cosine similarity
 * @param edges undirected edges kept in the kNN graph
 * @param runs the ingest runs of the clustered faces
 * @param assigned what each later {@code --assign-new} added
 */
public record ClusteringManifest(int formatVersion, String algorithm, int k, String metric, float threshold,
    float similarity, String modelId, String faces, String index, boolean subjectsOnly, long faceCount, long edges,
    long clusters, List<String> runs, String created, double seconds, List<Assignment> assigned) {
  public static final int FORMAT_VERSION = 1;

  /**
   * @param joined new faces that joined an existing cluster
   * @param newClusters clusters made of the rest
   */
  public record Assignment(String created, List<String> runs, long faces, long joined, long newClusters) {}
}
