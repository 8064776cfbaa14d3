package io.faceengine.cluster;

import java.util.Arrays;
import java.util.Locale;

/** How the kNN graph is cut into clusters (docs/clustering.md compares them on LFW). */
public enum ClusterAlgorithm {
  /** Weighted label propagation (Biemann's Chinese whispers), the default. */
  CHINESE_WHISPERS("chinese-whispers"),
  /** Every connected component of the pruned graph is a cluster: the baseline, which chains strangers together. */
  CONNECTED_COMPONENTS("connected-components");

  private final String configName;

  ClusterAlgorithm(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static ClusterAlgorithm parse(String name) {
    for (ClusterAlgorithm a : values()) {
      if (a.configName.equals(name.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown clustering algorithm '" + name + "'; one of "
        + Arrays.stream(values()).map(ClusterAlgorithm::configName).toList());
  }

  /** The algorithm's implementation over Spark Datasets. */
  GraphClustering clustering(int maxIterations) {
    return this == CHINESE_WHISPERS ? new ChineseWhispers(maxIterations) : new ConnectedComponents(maxIterations);
  }
}
