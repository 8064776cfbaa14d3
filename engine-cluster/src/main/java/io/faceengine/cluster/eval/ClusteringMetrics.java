package io.faceengine.cluster.eval;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Scores a clustering against the true identities, from its contingency table: how many faces of
 * each true label each cluster holds. Definitions as in the face-clustering literature:
 * <ul>
 *   <li>pairwise: over all pairs of faces put in the same cluster, precision = pairs of the same
 *       identity / predicted pairs; recall = those pairs / all pairs of the same identity;</li>
 *   <li>BCubed (Bagga and Baldwin): per face, precision = the share of its cluster with its label,
 *       recall = the share of its label's faces in its cluster; both averaged over all faces;</li>
 *   <li>NMI: the mutual information of clusters and labels over the arithmetic mean of their entropies.</li>
 * </ul>
 * F is the harmonic mean of precision and recall. With no predicted (or no true) pair, pairwise
 * precision (recall) is 1: nothing was claimed (missed).
 */
public final class ClusteringMetrics {
  private final Map<String, Long> clusterSizes = new HashMap<>();
  private final Map<String, Long> labelSizes = new HashMap<>();
  private long faces;
  private double samePairs;
  private double bcubedPrecisionSum;
  private double bcubedRecallSum;
  private final Map<String, Long> cellsSeen = new HashMap<>();

  /**
   * One cell of the contingency table: {@code count} faces of {@code label} in {@code cluster}.
   * Each (cluster, label) must be added once; the marginals must be added before {@link #scores}.
   */
  public void addCell(String cluster, String label, long count) {
    if (count < 1) {
      throw new IllegalArgumentException("a cell holds at least one face, got " + count);
    }
    if (cellsSeen.put(cluster + "\u0000" + label, count) != null) {
      throw new IllegalArgumentException("cell (" + cluster + ", " + label + ") added twice");
    }
    clusterSizes.merge(cluster, count, Long::sum);
    labelSizes.merge(label, count, Long::sum);
    faces += count;
    samePairs += pairs(count);
  }

  public ClusteringScores scores() {
    if (faces == 0) {
      throw new IllegalStateException("no faces to score");
    }
    double predictedPairs = clusterSizes.values().stream().mapToDouble(ClusteringMetrics::pairs).sum();
    double truePairs = labelSizes.values().stream().mapToDouble(ClusteringMetrics::pairs).sum();
    double precision = predictedPairs == 0 ? 1 : samePairs / predictedPairs;
    double recall = truePairs == 0 ? 1 : samePairs / truePairs;

    double bp = 0;
    double br = 0;
    double mi = 0;
    for (Map.Entry<String, Long> cell : cellsSeen.entrySet()) {
      String[] key = cell.getKey().split("\u0000", 2);
      double n = cell.getValue();
      double nc = clusterSizes.get(key[0]);
      double nl = labelSizes.get(key[1]);
      bp += n * n / nc;
      br += n * n / nl;
      mi += n / faces * Math.log(faces * n / (nc * nl));
    }
    double hc = entropy(clusterSizes);
    double hl = entropy(labelSizes);
    double nmi = hc + hl == 0 ? 1 : mi / ((hc + hl) / 2);
    return new ClusteringScores(faces, clusterSizes.size(), labelSizes.size(), precision, recall, bp / faces,
        br / faces, Math.max(0, Math.min(1, nmi)));
  }

  private double entropy(Map<String, Long> sizes) {
    double h = 0;
    for (long size : sizes.values()) {
      double p = size / (double) faces;
      h -= p * Math.log(p);
    }
    return h;
  }

  private static double pairs(long n) {
    return n * (n - 1) / 2.0;
  }

  /**
   * @param clusters clusters found; {@code people} distinct true labels
   */
  public record ClusteringScores(long faces, long clusters, long people, double pairwisePrecision,
      double pairwiseRecall, double bcubedPrecision, double bcubedRecall, double nmi) {
    public double pairwiseF() {
      return f(pairwisePrecision, pairwiseRecall);
    }

    public double bcubedF() {
      return f(bcubedPrecision, bcubedRecall);
    }

    private static double f(double p, double r) {
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The report's lines; the last is the one the issue fixes. */
    public String summary() {
      return String.format(Locale.ROOT, "faces: %d%npairwise precision: %.4f recall: %.4f F: %.4f%n"
          + "BCubed precision: %.4f recall: %.4f F: %.4f%nNMI: %.4f%n%s", faces, pairwisePrecision, pairwiseRecall,
          pairwiseF(), bcubedPrecision, bcubedRecall, bcubedF(), nmi, line());
    }

    public String line() {
      return String.format(Locale.ROOT, "pairwise F: %.4f BCubed F: %.4f clusters: %d people: %d", pairwiseF(),
          bcubedF(), clusters, people);
    }
  }
}
