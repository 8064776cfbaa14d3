package io.faceengine.index;

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
 * Measures the search breadth each shard of a generation needs ({@link SearchBreadth}): a seeded
 * sample of the generation's faces are the probes; for each shard, their exact top k by brute force
 * over the shard's raw floats, then the shard's HNSW search (re-ranked exactly, as the query service
 * searches) at oversamples of {@link #LADDER} until the mean recall@k reaches the target. A probe
 * the shard itself holds is left out of both answers: the query case is a face the gallery does not
 * hold. (Its node still sits in the graph, one step from its neighbours, which makes such a probe a
 * little easier than a new face; with several shards most probes live in other shards.)
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

  /** A face used as a probe: its id (to leave it out of its own shard's answers) and embedding. */
  public record Probe(String faceId, float[] vector) {}

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
    List<Probe> sample = sample(shards, manifest.totalDocs(), probes, seed);
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

  /** Up to {@code wanted} faces drawn at random positions over all shards in order, with their embeddings. */
  public static List<Probe> sample(List<Path> shards, long total, int wanted, long seed) throws IOException {
    long draws = Math.min(total, wanted);
    Random random = new Random(seed);
    Set<Long> chosen = new HashSet<>();
    while (chosen.size() < draws) {
      chosen.add((long) (random.nextDouble() * total));
    }
    long[] positions = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
    List<Probe> probes = new ArrayList<>();
    long[] position = {0};
    for (Path shard : shards) {
      ShardVectors.forEach(shard, (faceId, vector) -> {
        if (Arrays.binarySearch(positions, position[0]++) >= 0) {
          probes.add(new Probe(faceId, vector.clone()));
        }
      });
    }
    return probes;
  }

  /**
   * The smallest oversample of {@link #LADDER} at which the shard in {@code dir} finds {@code targetRecall}
   * of the probes' exact top k, with the recall it got; the widest of the ladder when none does.
   */
  public static ShardBreadth measureShard(int shard, Path dir, List<Probe> probes, int k, double targetRecall)
      throws IOException {
    ExactTop[] exact = new ExactTop[probes.size()];
    Arrays.setAll(exact, i -> new ExactTop(k));
    boolean[] own = new boolean[probes.size()];
    ShardVectors.forEach(dir, (faceId, vector) -> {
      for (int i = 0; i < exact.length; i++) {
        if (faceId.equals(probes.get(i).faceId())) {
          own[i] = true;
        } else {
          exact[i].offer(faceId, VectorUtil.dotProduct(probes.get(i).vector(), vector));
        }
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
          Probe probe = probes.get(i);
          int self = own[i] ? 1 : 0; // asked for one more, as the probe itself is among the answers
          List<String> found = searcher.searchGraph(probe.vector(), k + self, oversample * k + self).stream()
              .map(ShardHit::faceId)
              .filter(id -> !id.equals(probe.faceId()))
              .limit(k)
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

    /** The share of these faces among {@code found}; 1 when the shard holds none but the probe. */
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
