package io.faceengine.index;

import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.lucene.ShardVectors;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;

/**
 * Checks a published generation: every shard's files against the manifest's SHA-256, its face
 * count and dimension against the manifest, then measures search quality on a random sample of
 * the indexed faces: recall@10 of the sharded search (top 10 merged over the shards) against an
 * exact brute-force search, and how often a face finds itself first.
 */
public final class GenerationVerifier {
  private static final int K = 10;

  private final GenerationStore store;
  private final Path scratch;

  /** @param scratch where shards of a remote root are copied to be opened */
  public GenerationVerifier(GenerationStore store, Path scratch) {
    this.store = store;
    this.scratch = scratch;
  }

  /**
   * @param probes how many indexed faces to search for
   * @param oversample the searchers' candidates per wanted face, or {@code QueryConfig.AUTO_OVERSAMPLE}
   *     for each shard's measured breadth
   * @param seed chooses the probes; the report repeats it
   */
  public VerifyReport verify(long gen, int probes, int oversample, long seed) throws IOException {
    GenerationManifest manifest = store.manifest(gen);
    List<String> problems = new ArrayList<>();
    for (ShardEntry shard : manifest.shards()) {
      try {
        store.verifyShard(gen, shard);
      } catch (IOException e) {
        problems.add("shard " + shard.shard() + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      return new VerifyReport(gen, problems, 0, Double.NaN, Double.NaN, seed);
    }
    List<Path> shards = new ArrayList<>();
    List<ShardSearcher> searchers = new ArrayList<>();
    try {
      for (ShardEntry shard : manifest.shards()) {
        Path local = store.localShard(gen, shard.shard(), scratch);
        shards.add(local);
        ShardSearcher searcher = new ShardSearcher(local, manifest.oversample(shard.shard(), oversample));
        searchers.add(searcher);
        if (searcher.docs() != shard.docs()) {
          problems.add("shard " + shard.shard() + ": " + searcher.docs() + " faces, the manifest says " + shard.docs());
        }
        if (searcher.templates() != shard.templates()) {
          problems.add("shard " + shard.shard() + ": " + searcher.templates() + " person templates, the manifest says "
              + shard.templates());
        }
        if (searcher.docs() > 0 && searcher.dimension() != manifest.dimension()) {
          problems.add("shard " + shard.shard() + ": " + searcher.dimension() + "-d vectors, the manifest says "
              + manifest.dimension());
        }
      }
      if (!problems.isEmpty() || manifest.totalDocs() == 0) {
        return new VerifyReport(gen, problems, 0, Double.NaN, Double.NaN, seed);
      }
      return measure(gen, manifest, shards, searchers, probes, seed);
    } finally {
      IOUtils.close(searchers);
    }
  }

  private static VerifyReport measure(long gen, GenerationManifest manifest, List<Path> shards,
      List<ShardSearcher> searchers, int probes, long seed) throws IOException {
    Probes sample = Probes.sample(manifest.totalDocs(), probes, new Random(seed));
    // Pass 1: the probes' own ids and vectors.
    long[] position = {0};
    for (Path shard : shards) {
      ShardVectors.forEach(shard, (faceId, vector) -> sample.offer(position[0]++, faceId, vector));
    }
    // Pass 2: exact top 10 of every probe over every face.
    List<PriorityQueue<Scored>> exact = new ArrayList<>();
    for (int i = 0; i < sample.size(); i++) {
      exact.add(new PriorityQueue<>(Comparator.comparingDouble(Scored::score)));
    }
    for (Path shard : shards) {
      ShardVectors.forEach(shard, (faceId, vector) -> {
        for (int i = 0; i < sample.size(); i++) {
          PriorityQueue<Scored> top = exact.get(i);
          float score = VectorUtil.dotProduct(sample.vectors[i], vector);
          if (top.size() < K || score > top.peek().score()) {
            top.add(new Scored(faceId, score));
            if (top.size() > K) {
              top.poll();
            }
          }
        }
      });
    }
    long found = 0;
    long self = 0;
    for (int i = 0; i < sample.size(); i++) {
      List<ShardHit> hits = new ArrayList<>();
      for (ShardSearcher searcher : searchers) {
        hits.addAll(searcher.search(sample.vectors[i], K));
      }
      hits.sort(Comparator.comparingDouble((ShardHit h) -> -h.similarity()).thenComparing(ShardHit::faceId));
      Set<String> truth = new HashSet<>();
      exact.get(i).forEach(s -> truth.add(s.faceId()));
      found += hits.stream().limit(K).filter(h -> truth.contains(h.faceId())).count();
      self += hits.get(0).faceId().equals(sample.faceIds[i]) ? 1 : 0;
    }
    int n = sample.size();
    return new VerifyReport(gen, List.of(), n, found / (double) (n * Math.min(K, manifest.totalDocs())),
        self / (double) n, seed);
  }

  private record Scored(String faceId, float score) {}

  /** Which faces (by position over all shards in order) are probes, and their ids and vectors once read. */
  private static final class Probes {
    private final long[] positions;
    private final String[] faceIds;
    private final float[][] vectors;

    private Probes(long[] positions) {
      this.positions = positions;
      this.faceIds = new String[positions.length];
      this.vectors = new float[positions.length][];
    }

    /** Up to {@code wanted} distinct positions among {@code total}, sorted. */
    static Probes sample(long total, int wanted, Random random) {
      Set<Long> chosen = new HashSet<>();
      while (chosen.size() < Math.min(wanted, total)) {
        chosen.add((long) (random.nextDouble() * total));
      }
      long[] positions = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
      return new Probes(positions);
    }

    int size() {
      return positions.length;
    }

    void offer(long position, String faceId, float[] vector) {
      int i = Arrays.binarySearch(positions, position);
      if (i >= 0) {
        faceIds[i] = faceId;
        vectors[i] = vector.clone();
      }
    }
  }

  /**
   * What a verification found.
   *
   * @param problems checksum, count or dimension mismatches, each naming its shard; empty when sound
   * @param probes faces searched for (0 when problems stopped the measurement)
   * @param recallAt10 share of the exact top 10 that the sharded search returned
   * @param selfAtTop1 share of probes whose first hit was the probe's own face
   * @param seed the seed that chose the probes
   */
  public record VerifyReport(long generation, List<String> problems, int probes, double recallAt10,
      double selfAtTop1, long seed) {
    public VerifyReport {
      problems = List.copyOf(problems);
    }

    /** Sound, and with at least {@code minRecall} recall@10 when faces were searched for. */
    public boolean ok(double minRecall) {
      return problems.isEmpty() && (probes == 0 || recallAt10 >= minRecall);
    }

    public String summary() {
      if (!problems.isEmpty()) {
        return "gen-" + generation + ": " + problems.size() + " problem(s): " + String.join("; ", problems);
      }
      return String.format(Locale.ROOT, "gen-%d: checksums and counts match the manifest; %d probes (seed %d):"
          + " recall@10 %.4f, own face first %.4f", generation, probes, seed, recallAt10, selfAtTop1);
    }
  }
}
