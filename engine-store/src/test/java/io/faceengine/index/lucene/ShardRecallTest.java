package io.faceengine.index.lucene;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.VectorFormat;
import io.faceengine.index.FaceDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recall@10 of a shard against exact brute force, on face-like data: 500 identities x 10 faces,
 * probed with 200 new faces of random identities. Prints the figures of each format, with and
 * without oversampling.
 */
class ShardRecallTest {
  private static final int K = 10;
  private static final int PROBES = 200;

  private static List<FaceDoc> faces;
  private static List<float[]> probes;
  private static List<Set<String>> truth;

  @TempDir static Path dir;

  @BeforeAll
  static void data() {
    long seed = System.nanoTime();
    System.out.println("ShardRecallTest seed: " + seed);
    FaceLikeVectors vectors = new FaceLikeVectors(seed, 500, 128);
    faces = vectors.faces(10);
    Random random = new Random(seed + 1);
    probes = IntStream.range(0, PROBES).mapToObj(i -> vectors.sample(random.nextInt(500))).toList();
    truth = probes.stream().map(ShardRecallTest::exactTopK).toList();
  }

  @ParameterizedTest(name = "{0}: recall@10 >= {2} with oversample {1}")
  @CsvSource({
      "FLOAT32, 5, 0.95",
      "INT8, 5, 0.95",
      "INT4, 5, 0.95",
      "BINARY, 5, 0.90",
  })
  void recallAgainstBruteForce(VectorFormat format, int oversample, double minimum) throws IOException {
    Path shard = dir.resolve(format.configName());
    try (ShardIndexWriter writer = new ShardIndexWriter(shard, new ShardSettings(format, 16, 100, 128))) {
      for (FaceDoc face : faces) {
        writer.add(face);
      }
      writer.finish();
    }
    double without = recall(shard, 1);
    double with = recall(shard, oversample);
    System.out.printf(Locale.ROOT, "recall@%d %-7s oversample 1: %.4f, oversample %d: %.4f%n", K, format, without,
        oversample, with);
    assertTrue(with >= minimum, format + ": recall@10 " + with + " < " + minimum);
  }

  private static double recall(Path shard, int oversample) throws IOException {
    long found = 0;
    try (ShardSearcher searcher = new ShardSearcher(shard, oversample)) {
      for (int i = 0; i < PROBES; i++) {
        Set<String> expected = truth.get(i);
        found += searcher.search(probes.get(i), K).stream().filter(h -> expected.contains(h.faceId())).count();
      }
    }
    return found / (double) (PROBES * K);
  }

  private static Set<String> exactTopK(float[] probe) {
    FaceDoc[] sorted = faces.toArray(FaceDoc[]::new);
    Arrays.sort(sorted, Comparator.comparingDouble((FaceDoc f) -> -VectorUtil.dotProduct(probe, f.embedding())));
    return Arrays.stream(sorted).limit(K).map(FaceDoc::faceId).collect(Collectors.toCollection(HashSet::new));
  }
}
