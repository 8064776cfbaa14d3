package io.faceengine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.SearchBreadth.ShardBreadth;
import io.faceengine.index.lucene.CommittedShard;
import io.faceengine.index.lucene.FaceLikeVectors;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardIndexWriter;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.lucene.ShardVectors;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.index.store.TestGenerations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search breadth measured at build time, on two real int8 shards of face-like vectors (a shard
 * of 2 x {@value #IDENTITIES} faces, the second twice as large): it reaches the target on new faces of
 * the same people (held out, never indexed), it is kept in the manifest, and it follows the target.
 */
class BreadthCalibratorTest {
  private static final int IDENTITIES = 2500;
  private static final int DIMENSION = 128;
  private static final double TARGET = 0.98;

  @TempDir static Path dir;
  private static GenerationStore store;
  private static GenerationManifest manifest;
  /** Each shard's generator, after its indexed faces: its next samples are new faces of its people. */
  private static final List<FaceLikeVectors> people = new ArrayList<>();

  @BeforeAll
  static void build() throws IOException {
    store = new GenerationStore(new Configuration(), dir.resolve("index").toString());
    long gen = new GenerationPublisher(store).beginGeneration();
    List<ShardEntry> shards = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      Path local = dir.resolve("build-" + shard);
      FaceLikeVectors vectors = new FaceLikeVectors(40 + shard, IDENTITIES * (shard + 1), DIMENSION);
      try (ShardIndexWriter writer = new ShardIndexWriter(local, new ShardSettings(VectorFormat.INT8, 16, 100,
          DIMENSION))) {
        for (FaceDoc face : vectors.faces(2)) {
          writer.add(face);
        }
        writer.finish();
      }
      people.add(vectors);
      CommittedShard committed = CommittedShard.inspect(local);
      shards.add(new GenerationPublisher(store).publishShard(gen, shard, local, committed.docs(), committed.files()));
    }
    manifest = TestGenerations.manifest(gen, shards);
  }

  @Test
  void theMeasuredBreadthReachesTheTargetOnHeldOutFacesAndIsKept() throws IOException {
    GenerationManifest measured = new BreadthCalibrator(store, dir.resolve("scratch")).measured(manifest, 200, TARGET);
    new GenerationPublisher(store).commit(measured);
    SearchBreadth breadth = store.manifest(manifest.generation()).searchBreadth();
    assertEquals(measured.searchBreadth(), breadth, "the manifest keeps the breadth");
    assertEquals(200, breadth.probes());
    assertEquals(2, breadth.shards().size());
    assertTrue(breadth.reached(), "every shard reached " + TARGET + ": " + breadth);
    for (ShardBreadth shard : breadth.shards()) {
      assertTrue(shard.oversample() > 1, "these shards need more than k candidates: " + breadth);
      assertTrue(shard.oversample() < QueryConfig.FALLBACK_OVERSAMPLE, "far fewer than the fixed 30: " + breadth);
      double heldOut = heldOutRecall(shard.shard(), shard.oversample(), 300);
      assertTrue(heldOut >= TARGET - 0.01, "shard " + shard.shard() + ": recall@10 " + heldOut + " on new faces at"
          + " oversample " + shard.oversample() + ", measured " + shard.recall() + " at build time");
    }
  }

  @Test
  void aHigherTargetNeedsAWiderSearch() throws IOException {
    BreadthCalibrator calibrator = new BreadthCalibrator(store, dir.resolve("scratch"));
    SearchBreadth loose = calibrator.measure(manifest, 200, 0.9, 1);
    SearchBreadth strict = calibrator.measure(manifest, 200, 0.999, 1);
    for (int shard = 0; shard < 2; shard++) {
      int narrow = loose.oversample(shard).orElseThrow();
      int wide = strict.oversample(shard).orElseThrow();
      assertTrue(narrow < wide, "shard " + shard + ": oversample " + narrow + " for 0.9, " + wide + " for 0.999");
      assertTrue(loose.shards().get(shard).recall() >= 0.9 && strict.shards().get(shard).recall() >= 0.999,
          loose + " / " + strict);
    }
  }

  @Test
  void searchesUseTheMeasuredBreadthOnlyForAuto() {
    SearchBreadth breadth = new SearchBreadth(10, TARGET, 200, List.of(new ShardBreadth(0, 5, 0.985),
        new ShardBreadth(1, 8, 0.981)));
    GenerationManifest withBreadth = manifest.withSearchBreadth(breadth);
    assertEquals(5, withBreadth.oversample(0, QueryConfig.AUTO_OVERSAMPLE));
    assertEquals(8, withBreadth.oversample(1, QueryConfig.AUTO_OVERSAMPLE));
    assertEquals(12, withBreadth.oversample(1, 12), "an explicit oversample wins");
    assertNull(manifest.searchBreadth());
    assertEquals(QueryConfig.FALLBACK_OVERSAMPLE, manifest.oversample(0, QueryConfig.AUTO_OVERSAMPLE),
        "a generation built without the measurement");
    GenerationManifest read = GenerationManifest.fromJson(withBreadth.toJson(), "test");
    assertEquals(breadth, read.searchBreadth());
  }

  /** Mean recall@10 of the shard's search at {@code oversample} for new faces of its people, against brute force. */
  private static double heldOutRecall(int shard, int oversample, int probes) throws IOException {
    Path local = store.localShard(manifest.generation(), shard, dir.resolve("scratch"));
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    ShardVectors.forEach(local, (faceId, vector) -> {
      ids.add(faceId);
      vectors.add(vector.clone());
    });
    double sum = 0;
    try (ShardSearcher searcher = new ShardSearcher(local, oversample)) {
      for (int i = 0; i < probes; i++) {
        float[] probe = people.get(shard).sample(i * 7); // a new face of an indexed person
        float[] similarities = new float[ids.size()];
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < ids.size(); d++) {
          similarities[d] = VectorUtil.dotProduct(probe, vectors.get(d));
          order.add(d);
        }
        order.sort(Comparator.comparingDouble(d -> -similarities[d]));
        Set<String> exact = new HashSet<>();
        order.subList(0, 10).forEach(d -> exact.add(ids.get(d)));
        sum += searcher.search(probe, 10).stream().map(ShardHit::faceId).filter(exact::contains).count() / 10.0;
      }
    }
    return sum / probes;
  }
}
