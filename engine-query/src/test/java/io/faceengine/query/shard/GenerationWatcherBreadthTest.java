package io.faceengine.query.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.index.FaceDoc;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.SearchBreadth;
import io.faceengine.index.SearchBreadth.ShardBreadth;
import io.faceengine.index.lucene.CommittedShard;
import io.faceengine.index.lucene.ShardIndexWriter;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shard server searches each shard with its generation's measured breadth under oversample auto. */
class GenerationWatcherBreadthTest {
  private static final int DIMENSION = 16;

  @TempDir Path dir;

  @Test
  void autoUsesEachShardsMeasuredBreadthAndANumberOverridesIt() throws IOException {
    SearchBreadth breadth = new SearchBreadth(10, 0.98, 40, List.of(new ShardBreadth(0, 3, 0.99),
        new ShardBreadth(1, 7, 0.985)));
    GenerationStore store = publish(dir.resolve("measured"), breadth);
    assertEquals(List.of(3, 7), oversamples(store, QueryConfig.AUTO_OVERSAMPLE));
    assertEquals(List.of(12, 12), oversamples(store, 12));
  }

  @Test
  void autoFallsBackForAGenerationBuiltWithoutTheMeasurement() throws IOException {
    GenerationStore store = publish(dir.resolve("unmeasured"), null);
    assertEquals(List.of(QueryConfig.FALLBACK_OVERSAMPLE, QueryConfig.FALLBACK_OVERSAMPLE),
        oversamples(store, QueryConfig.AUTO_OVERSAMPLE));
  }

  /** The oversample of each shard as the watcher opened CURRENT's generation, in shard order. */
  private List<Integer> oversamples(GenerationStore store, int configured) {
    try (GenerationWatcher watcher = new GenerationWatcher(store, Set.of(), configured, dir.resolve("scratch"),
        Duration.ofMinutes(1))) {
      watcher.start(); // the first poll opens CURRENT before it returns
      return watcher.ready().getFirst().shards().values().stream().map(ShardSearcher::oversample).toList();
    }
  }

  /** A generation of two real shards of 20 random faces each, its manifest carrying {@code breadth}. */
  private GenerationStore publish(Path root, SearchBreadth breadth) throws IOException {
    GenerationStore store = new GenerationStore(new Configuration(), root.resolve("index").toString());
    GenerationPublisher publisher = new GenerationPublisher(store);
    long gen = publisher.beginGeneration();
    Random random = new Random(3);
    List<ShardEntry> shards = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      Path local = root.resolve("build-" + shard);
      try (ShardIndexWriter writer = new ShardIndexWriter(local, new ShardSettings(VectorFormat.INT8, 16, 100,
          DIMENSION))) {
        for (int i = 0; i < 20; i++) {
          float[] v = new float[DIMENSION];
          for (int d = 0; d < DIMENSION; d++) {
            v[d] = (float) random.nextGaussian();
          }
          String id = "face-" + shard + "-" + i;
          writer.add(new FaceDoc(id, "image-" + id, "file:/faces/" + id + ".jpg", "person-" + i, "run-a",
              new BoundingBox(0, 0, 10, 10), DistanceMetric.normalize(v)));
        }
        writer.finish();
      }
      CommittedShard committed = CommittedShard.inspect(local);
      shards.add(publisher.publishShard(gen, shard, local, committed.docs(), committed.files()));
    }
    publisher.commit(GenerationManifest.builder(gen)
        .model("test-model", DIMENSION, DistanceMetric.EUCLIDEAN, "DOT_PRODUCT")
        .shardFormat(VectorFormat.INT8, 16, 100)
        .input("file:/faces", List.of("run-a"))
        .built(Instant.parse("2026-12-03T00:00:00Z"), 1.0)
        .shards(shards)
        .build()
        .withSearchBreadth(breadth));
    return store;
  }
}
