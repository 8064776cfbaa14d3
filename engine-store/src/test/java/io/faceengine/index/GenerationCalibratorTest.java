package io.faceengine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.compare.OpenSetCalibration;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.CommittedShard;
import io.faceengine.index.lucene.FaceLikeVectors;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardIndexWriter;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.index.store.TestGenerations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.lucene.util.IOUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationCalibratorTest {
  private static final int IDENTITIES_PER_SHARD = 1000;

  @TempDir Path dir;

  @Test
  void strangersAreAcceptedAtAboutTheTargetRate() throws IOException {
    GenerationStore store = new GenerationStore(new Configuration(), dir.resolve("index").toString());
    long gen = new GenerationPublisher(store).beginGeneration();
    List<ShardEntry> shards = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      shards.add(TestGenerations.publishShard(store, dir.resolve("build"), gen, shard, IDENTITIES_PER_SHARD));
    }
    GenerationManifest manifest = TestGenerations.manifest(gen, shards);

    Optional<OpenSetCalibration> calibration = new GenerationCalibrator(store, dir.resolve("scratch"))
        .calibrate(manifest, 2000, 5, 1);
    assertTrue(calibration.isPresent());
    new GenerationPublisher(store).commit(manifest.withCalibration(calibration.get()));
    assertEquals(calibration.get(), store.manifest(gen).calibration(), "the manifest keeps the calibration");
    assertEquals(2000, calibration.get().probes());
    double threshold = calibration.get().threshold(0.01);

    // New people drawn from the same distribution, searched against the gallery: strangers.
    FaceLikeVectors strangers = new FaceLikeVectors(999, 3000, 128);
    List<ShardSearcher> searchers = new ArrayList<>();
    int accepted = 0;
    try {
      for (ShardEntry shard : shards) {
        searchers.add(new ShardSearcher(Path.of(store.shardPath(gen, shard.shard()).toUri()), 5));
      }
      for (int i = 0; i < 3000; i++) {
        float[] probe = strangers.sample(i);
        float best = -1;
        for (ShardSearcher searcher : searchers) {
          for (ShardHit hit : searcher.search(probe, 1)) {
            best = Math.max(best, hit.similarity());
          }
        }
        accepted += DistanceMetric.EUCLIDEAN.distanceAt(best) <= threshold ? 1 : 0;
      }
    } finally {
      IOUtils.close(searchers);
    }
    double fpir = accepted / 3000.0;
    assertTrue(fpir >= 0.005 && fpir <= 0.02, "observed FPIR " + fpir + " at threshold " + threshold
        + " calibrated for 0.01");
  }

  @Test
  void unlabelledFacesOfTheSamePeopleAreNotImpostors() throws IOException {
    double labelledOnly = threshold(dir.resolve("labelled"), false);
    // Each person also appears unlabelled in another photo (a bystander): the same person, not a stranger.
    double withBystanders = threshold(dir.resolve("bystanders"), true);
    assertTrue(Math.abs(withBystanders - labelledOnly) < 0.05 * labelledOnly, "threshold with unlabelled faces of the"
        + " same people " + withBystanders + ", without " + labelledOnly);
  }

  /** The threshold at FPIR 0.01 of one shard of 1,000 people x 2 labelled faces, and one unlabelled face each if asked. */
  private static double threshold(Path root, boolean bystanders) throws IOException {
    GenerationStore store = new GenerationStore(new Configuration(), root.resolve("index").toString());
    long gen = new GenerationPublisher(store).beginGeneration();
    Path local = root.resolve("build");
    FaceLikeVectors people = new FaceLikeVectors(7, IDENTITIES_PER_SHARD, 128);
    try (ShardIndexWriter writer = new ShardIndexWriter(local, new ShardSettings(VectorFormat.INT8, 16, 100, 128))) {
      for (FaceDoc face : people.faces(2)) {
        writer.add(face);
      }
      for (int i = 0; bystanders && i < IDENTITIES_PER_SHARD; i++) {
        String id = "bystander-" + i;
        writer.add(new FaceDoc(id, "image-" + id, "file:/faces/group/" + i + ".jpg", null, "run-0",
            new BoundingBox(0, 0, 50, 60), people.sample(i)));
      }
      writer.finish();
    }
    CommittedShard committed = CommittedShard.inspect(local);
    ShardEntry shard = new GenerationPublisher(store).publishShard(gen, 0, local, committed.docs(), committed.files());
    return new GenerationCalibrator(store, root.resolve("scratch"))
        .calibrate(TestGenerations.manifest(gen, List.of(shard)), 500, 5, 1).orElseThrow().threshold(0.01);
  }

  @Test
  void tooFewLabelledFacesGiveNoCalibration() throws IOException {
    GenerationStore store = new GenerationStore(new Configuration(), dir.resolve("index").toString());
    long gen = TestGenerations.publish(store, dir.resolve("build"), 2); // 42 labelled faces: too few
    assertEquals(Optional.empty(), new GenerationCalibrator(store, dir.resolve("scratch"))
        .calibrate(store.manifest(gen), 2000, 5, 1));
  }
}
