package io.faceengine.index;

import io.faceengine.index.FaceSample.Face;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.SearchBreadth.ShardBreadth;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.lucene.ShardVectors;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the search breadth each shard of a generation needs ({@link SearchBreadth}). The probes
 * are made from a seeded sample of the generation's faces, each moved in a random direction to the
 * distance of its nearest other face in the generation: like another photo of its person, a face
 * the gallery does not hold (a gallery face itself is an easier probe, its own node sitting in the
 * graph next to its neighbours: at 200,000 faces it chose oversample 20 where such probes, and the
 * benchmark's, needed 30). For each shard: the probes' exact top k by brute force over the shard's
 * raw floats, then the shard's HNSW search (re-ranked exactly, as the query service searches) at
 * oversamples of {@link #LADDER} until the mean recall@k reaches the target.
 */
public final class BreadthCalibrator {
  /** Neighbours per probe the recall is measured on: the API's default k. */
  public static final int K = 10;
  /** Oversamples tried, narrowest first; the last is the widest the configuration allows. */
  public static final List<Integer> LADDER = List.of(1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 100);
  private static final Logger LOG = LoggerFactory.getLogger(BreadthCalibrator.class);

  private final GenerationStore store;
  private final Path scratch;

  /** @param scratch where shards of a remote root are copied to be opened */
  public BreadthCalibrator(GenerationStore store, Path scratch) {
    this.store = store;
    this.scratch = scratch;
  }

  /** {@code manifest} with its shards' measured breadth ({@code probes} faces, seed 1), or unchanged when probes is 0. */
  public GenerationManifest measured(GenerationManifest manifest, int probes, double targetRecall) throws IOException {
    return probes == 0 ? manifest : manifest.withSearchBreadth(measure(manifest, probes, targetRecall, 1));
  }

  /**
   * The breadth of every shard of the generation {@code manifest} describes (its shards published,
   * the manifest itself not necessarily committed yet), from up to {@code probes} of its faces.
   */
  public SearchBreadth measure(GenerationManifest manifest, int probes, double targetRecall, long seed)
      throws IOException {
    List<Path> shards = new ArrayList<>();
    for (ShardEntry shard : manifest.shards()) {
      shards.add(store.localShard(manifest.generation(), shard.shard(), scratch));
    }
    List<float[]> sample = probes(shards, FaceSample.draw(shards, manifest.totalDocs(), probes, seed), seed);
    List<ShardBreadth> measured = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      ShardBreadth breadth = measureShard(i, shards.get(i), sample, K, targetRecall);
      if (breadth.recall() < targetRecall) {
        LOG.warn("gen-{} shard {}: recall@{} {} at oversample {}, below the target {}: searches use that widest"
            + " setting", manifest.generation(), i, K, breadth.recall(), breadth.oversample(), targetRecall);
      }
      measured.add(breadth);
    }
    return new SearchBreadth(K, targetRecall, sample.size(), measured);
  }

  /**
   * Probes made from {@code faces}: each moved in a random direction (seeded) to the distance of its
   * nearest other face in {@code shards} (a face with no other stays where it is).
   */
  public static List<float[]> probes(List<Path> shards, List<Face> faces, long seed) throws IOException {
    float[] best = new float[faces.size()];
    Arrays.fill(best, -Float.MAX_VALUE);
    for (Path shard : shards) {
      ShardVectors.forEach(shard, (faceId, vector) -> {
        for (int i = 0; i < best.length; i++) {
          if (!faceId.equals(faces.get(i).faceId())) {
            best[i] = Math.max(best[i], VectorUtil.dotProduct(faces.get(i).vector(), vector));
          }
        }
      });
    }
    Random random = new Random(seed);
    List<float[]> probes = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      float similarity = best[i] == -Float.MAX_VALUE ? 1f : best[i];
      double distance = Math.sqrt(Math.max(0, 2 - 2 * similarity)); // between unit vectors
      probes.add(FaceSample.moved(faces.get(i).vector(), Math.min(2, distance), random));
    }
    return probes;
  }

  /**
   * The smallest oversample of {@link #LADDER} at which the shard in {@code dir} finds {@code targetRecall}
   * of the probes' exact top k, with the recall it got; the widest of the ladder when none does.
   */
  public static ShardBreadth measureShard(int shard, Path dir, List<float[]> probes, int k, double targetRecall)
      throws IOException {
    ExactTop[] exact = new ExactTop[probes.size()];
    Arrays.setAll(exact, i -> new ExactTop(k));
    ShardVectors.forEach(dir, (faceId, vector) -> {
      for (int i = 0; i < exact.length; i++) {
        exact[i].offer(faceId, VectorUtil.dotProduct(probes.get(i), vector));
      }
    });
    double recall = 1;
    try (ShardSearcher searcher = new ShardSearcher(dir, 1)) {
      if (searcher.docs() == 0 || probes.isEmpty()) {
        return new ShardBreadth(shard, 1, 1.0);
      }
      for (int oversample : LADDER) {
        double sum = 0;
        for (int i = 0; i < exact.length; i++) {
          List<String> found = searcher.searchGraph(probes.get(i), k, oversample * k).stream()
              .map(ShardHit::faceId)
              .toList();
          sum += exact[i].recall(found);
        }
        recall = sum / exact.length;
        if (recall >= targetRecall) {
          return new ShardBreadth(shard, oversample, recall);
        }
      }
    }
    return new ShardBreadth(shard, LADDER.getLast(), recall);
  }

  /** A probe's exact top k: most similar first, ties by face id (as the shard's re-rank orders them). */
  private static final class ExactTop {
    private final String[] ids;
    private final float[] similarities;
    private int size;

    ExactTop(int k) {
      ids = new String[k];
      similarities = new float[k];
    }

    void offer(String faceId, float similarity) {
      if (size == ids.length && !before(similarity, faceId, similarities[size - 1], ids[size - 1])) {
        return;
      }
      int at = Math.min(size, ids.length - 1);
      while (at > 0 && before(similarity, faceId, similarities[at - 1], ids[at - 1])) {
        ids[at] = ids[at - 1];
        similarities[at] = similarities[at - 1];
        at--;
      }
      ids[at] = faceId;
      similarities[at] = similarity;
      size = Math.min(size + 1, ids.length);
    }

    /** The share of these faces among {@code found}; 1 when the shard holds none. */
    double recall(List<String> found) {
      if (size == 0) {
        return 1;
      }
      Set<String> got = new HashSet<>(found);
      int hits = 0;
      for (int i = 0; i < size; i++) {
        hits += got.contains(ids[i]) ? 1 : 0;
      }
      return hits / (double) size;
    }

    private static boolean before(float similarity, String id, float otherSimilarity, String otherId) {
      return similarity > otherSimilarity || (similarity == otherSimilarity && id.compareTo(otherId) < 0);
    }
  }
}
