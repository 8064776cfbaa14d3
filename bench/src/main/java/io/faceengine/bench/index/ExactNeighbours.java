package io.faceengine.bench.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.util.VectorUtil;

/**
 * Exact nearest neighbours by brute force: the dot product of a probe with every vector (unit
 * vectors, so the largest dot products are the smallest Euclidean distances), ties broken by face
 * id as the shard searchers break them. Probes run in parallel, one per thread at a time.
 */
public final class ExactNeighbours {
  private final String[] faceIds;
  private final float[][] vectors;

  public ExactNeighbours(String[] faceIds, float[][] vectors) {
    if (faceIds.length != vectors.length) {
      throw new IllegalArgumentException(faceIds.length + " ids for " + vectors.length + " vectors");
    }
    this.faceIds = faceIds;
    this.vectors = vectors;
  }

  /** The ids of the k vectors most similar to each probe, best first. */
  public List<String[]> top(List<float[]> probes, int k, int threads) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<String[]>> results = new ArrayList<>();
      for (float[] probe : probes) {
        results.add(pool.submit(() -> top(probe, k)));
      }
      List<String[]> tops = new ArrayList<>();
      for (Future<String[]> result : results) {
        tops.add(result.get());
      }
      return tops;
    }
  }

  /** The ids of the k vectors most similar to the probe, best first. */
  public String[] top(float[] probe, int k) {
    // Kept sorted best first; a new vector enters only when it beats the current k-th.
    int[] best = new int[k];
    float[] scores = new float[k];
    Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    Arrays.fill(best, -1);
    for (int i = 0; i < vectors.length; i++) {
      float score = VectorUtil.dotProduct(probe, vectors[i]);
      if (beats(score, i, scores[k - 1], best[k - 1])) {
        int at = k - 1;
        while (at > 0 && beats(score, i, scores[at - 1], best[at - 1])) {
          scores[at] = scores[at - 1];
          best[at] = best[at - 1];
          at--;
        }
        scores[at] = score;
        best[at] = i;
      }
    }
    return Arrays.stream(best).filter(i -> i >= 0).mapToObj(i -> faceIds[i]).toArray(String[]::new);
  }

  private boolean beats(float score, int index, float otherScore, int other) {
    if (other < 0) {
      return true;
    }
    return score > otherScore || (score == otherScore && faceIds[index].compareTo(faceIds[other]) < 0);
  }
}
