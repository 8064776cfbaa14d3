package io.faceengine.index.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.index.FaceDoc;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.CommittedShard;
import io.faceengine.index.lucene.FaceLikeVectors;
import io.faceengine.index.lucene.ShardIndexWriter;
import io.faceengine.index.lucene.ShardSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Publishes small generations of real Lucene shards (face-like vectors, 2 faces per identity) for store tests. */
public final class TestGenerations {
  private TestGenerations() {}

  /** Builds, publishes and commits {@code shards} shards; shard i holds {@code 10 + i} identities. */
  public static long publish(GenerationStore store, Path buildDir, int shards) throws IOException {
    long gen = store.beginGeneration();
    List<ShardEntry> entries = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      entries.add(publishShard(store, buildDir, gen, shard, 10 + shard));
    }
    store.commit(manifest(gen, entries));
    return gen;
  }

  /** Builds shard {@code shard} locally from {@code identities} x 2 faces and publishes it into {@code gen}. */
  public static ShardEntry publishShard(GenerationStore store, Path buildDir, long gen, int shard, int identities)
      throws IOException {
    Path local = buildDir.resolve("gen-" + gen + "-shard-" + shard + "-" + identities);
    try (ShardIndexWriter writer = new ShardIndexWriter(local, new ShardSettings(VectorFormat.INT8, 16, 100, 128))) {
      for (FaceDoc face : new FaceLikeVectors(gen * 100 + shard, identities, 128).faces(2)) {
        writer.add(face);
      }
      writer.finish();
    }
    CommittedShard committed = CommittedShard.inspect(local);
    assertEquals(identities * 2L, committed.docs());
    return store.publishShard(gen, shard, local, committed.docs(), committed.files());
  }

  public static GenerationManifest manifest(long gen, List<ShardEntry> shards) {
    return manifest(gen, shards, List.of());
  }

  /** A manifest whose generation reflects these deletion ledger entries (e.g. "gen-2"). */
  public static GenerationManifest manifest(long gen, List<ShardEntry> shards, List<String> deletionsApplied) {
    return new GenerationManifest(GenerationManifest.FORMAT_VERSION, gen, "test-model", 128, DistanceMetric.EUCLIDEAN,
        "DOT_PRODUCT", VectorFormat.INT8, 16, 100, "10.6.0", "file:/faces", List.of("run-a"), "2026-11-22T00:00:00Z",
        1.0, shards.stream().mapToLong(ShardEntry::docs).sum(), shards, null, List.of(), deletionsApplied, 0);
  }
}
