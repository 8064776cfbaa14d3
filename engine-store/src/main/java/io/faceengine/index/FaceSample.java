package io.faceengine.index;

import io.faceengine.index.lucene.ShardVectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded random sample of a generation's faces, for the measurements a build makes on its own
 * shards, and probes made from faces: a face moved to a given distance in a random direction.
 */
public final class FaceSample {
  private FaceSample() {}

  /** A sampled face: its id and full-precision embedding. */
  public record Face(String faceId, float[] vector) {}

  /**
   * Up to {@code wanted} faces drawn at random positions over all shards in order ({@code total}
   * faces in all), in shard and document order; the same seed draws the same faces.
   */
  public static List<Face> draw(List<Path> shards, long total, long wanted, long seed) throws IOException {
    long draws = Math.min(total, wanted);
    Random random = new Random(seed);
    Set<Long> chosen = new HashSet<>();
    while (chosen.size() < draws) {
      chosen.add((long) (random.nextDouble() * total));
    }
    long[] positions = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
    List<Face> faces = new ArrayList<>();
    long[] position = {0};
    for (Path shard : shards) {
      ShardVectors.forEach(shard, (faceId, vector) -> {
        if (Arrays.binarySearch(positions, position[0]++) >= 0) {
          faces.add(new Face(faceId, vector.clone()));
        }
      });
    }
    return faces;
  }

  /**
   * The unit vector at Euclidean distance {@code distance} from unit vector {@code u}, towards a
   * random direction orthogonal to it: cos(a) u + sin(a) v with 2 sin(a/2) = distance.
   */
  public static float[] moved(float[] u, double distance, Random random) {
    double[] v = new double[u.length];
    double along = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian();
      along += v[i] * u[i];
    }
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] -= along * u[i];
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    double angle = 2 * Math.asin(distance / 2);
    float[] probe = new float[u.length];
    for (int i = 0; i < u.length; i++) {
      probe[i] = (float) (Math.cos(angle) * u[i] + Math.sin(angle) * v[i] / norm);
    }
    return probe;
  }
}
