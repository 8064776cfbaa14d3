package io.faceengine.index;

import java.io.Serializable;
import java.util.List;
import java.util.OptionalInt;

/**
 * The search breadth each shard of a generation needs, measured when the generation was built
 * ({@link BreadthCalibrator}): the smallest oversample at which the shard's HNSW search, re-ranked
 * exactly, found {@code targetRecall} of the exact top {@code k} for a sample of probes. A larger
 * shard needs a larger oversample for the same recall, so one global setting is either too slow
 * for small shards or too inaccurate for large ones.
 *
 * @param k the neighbours per probe the recall was measured on
 * @param targetRecall the recall@k each shard's oversample had to reach
 * @param probes faces sampled as probes (the same for every shard)
 * @param shards one entry per shard, in shard order
 */
public record SearchBreadth(int k, double targetRecall, int probes, List<ShardBreadth> shards)
    implements Serializable {
  public SearchBreadth {
    if (k < 1 || probes < 0) {
      throw new IllegalArgumentException("k must be >= 1 and probes >= 0, got " + k + ", " + probes);
    }
    if (!(targetRecall > 0 && targetRecall <= 1)) {
      throw new IllegalArgumentException("targetRecall must be in (0, 1], got " + targetRecall);
    }
    shards = List.copyOf(shards == null ? List.of() : shards);
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).shard() != i) {
        throw new IllegalArgumentException("search breadth: shards must be listed in order, found shard "
            + shards.get(i).shard() + " at position " + i);
      }
    }
  }

  /** The measured oversample of {@code shard}, if this lists it. */
  public OptionalInt oversample(int shard) {
    return shard >= 0 && shard < shards.size() ? OptionalInt.of(shards.get(shard).oversample()) : OptionalInt.empty();
  }

  /** The shards' oversamples, in shard order. */
  public List<Integer> oversamples() {
    return shards.stream().map(ShardBreadth::oversample).toList();
  }

  /** Whether every shard reached the target (a shard that did not got the widest oversample tried). */
  public boolean reached() {
    return shards.stream().allMatch(s -> s.recall() >= targetRecall);
  }

  /**
   * One shard's measurement.
   *
   * @param oversample the smallest oversample tried that reached the target, or the widest tried
   * @param recall the mean recall@k the probes got at that oversample
   */
  public record ShardBreadth(int shard, int oversample, double recall) implements Serializable {
    public ShardBreadth {
      if (shard < 0 || oversample < 1 || !(recall >= 0 && recall <= 1)) {
        throw new IllegalArgumentException("shard >= 0, oversample >= 1 and recall in [0, 1] required, got shard "
            + shard + ", oversample " + oversample + ", recall " + recall);
      }
    }
  }
}
