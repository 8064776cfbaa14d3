package io.faceengine.index.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.ShardSearcher;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation layout on the local file system through Hadoop's API, with real Lucene shards. */
class GenerationStoreTest {
  @TempDir Path dir;

  private GenerationStore store() {
    return new GenerationStore(new Configuration(), dir.resolve("index").toUri().toString());
  }

  @Test
  void publishesGenerationsAndRollsBack() throws IOException {
    GenerationStore store = store();
    GenerationPublisher publisher = new GenerationPublisher(store);
    assertEquals(OptionalLong.empty(), store.current());

    long first = publish(store, 2, 1);
    assertEquals(1, first);
    assertEquals(OptionalLong.of(1), store.current());
    assertEquals("gen-1\n", Files.readString(dir.resolve("index/CURRENT")));
    long second = publish(store, 3, 2);
    assertEquals(2, second);
    assertEquals(OptionalLong.of(2), store.current());
    assertEquals(List.of(1L, 2L), store.generations());

    GenerationManifest manifest = store.manifest(2);
    assertEquals(3, manifest.shardCount());
    assertEquals(manifest.totalDocs(), manifest.shards().stream().mapToLong(ShardEntry::docs).sum());
    try (ShardSearcher searcher = new ShardSearcher(localPath(store, 2, 1), 5)) {
      assertEquals(manifest.shards().get(1).docs(), searcher.docs(), "a published shard opens with Lucene");
    }
    try (Stream<Path> files = Files.walk(dir.resolve("index"))) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".crc") || p.toString().contains("_tmp")
          || p.getFileName().toString().equals("write.lock")), "only committed Lucene files and manifests");
    }

    assertEquals(1, publisher.rollback());
    assertEquals(OptionalLong.of(1), store.current());
    IOException none = assertThrows(IOException.class, publisher::rollback);
    assertTrue(none.getMessage().contains("no generation older than gen-1"), none.getMessage());
    assertEquals(2, publisher.publish(2), "and forward again");
  }

  /** A publish killed before its rename leaves a CURRENT temp file: the next build or publish removes it. */
  @Test
  void staleCurrentTempFilesAreRemovedByTheNextBuildOrPublish() throws IOException {
    GenerationStore store = store();
    TestGenerations.publish(store, dir.resolve("build"), 1);
    Path killed = Files.writeString(dir.resolve("index/.CURRENT.0b6c1e52-killed.tmp"), "");
    TestGenerations.publish(store, dir.resolve("build"), 1);
    assertFalse(Files.exists(killed), "removed when the next build began");

    Path again = Files.writeString(dir.resolve("index/.CURRENT.77d1b3a0-killed.tmp"), "gen-2\n");
    assertEquals(1, new GenerationPublisher(store).publish(1));
    assertFalse(Files.exists(again), "removed by a publish or rollback");
    try (Stream<Path> files = Files.list(dir.resolve("index"))) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
    assertEquals(OptionalLong.of(1), store.current());
  }

  /** Deletions recorded after a generation was built keep it from being served again, unless allowed. */
  @Test
  void aGenerationThatMissesLaterDeletionsIsNotServedUnlessAllowed() throws IOException {
    GenerationStore store = store();
    GenerationPublisher publisher = new GenerationPublisher(store);
    TestGenerations.publish(store, dir.resolve("build"), 1);
    long second = publisher.beginGeneration();
    ShardEntry shard = TestGenerations.publishShard(store, dir.resolve("build"), second, 0, 9);
    store.ledger().record(second, new Deletions(List.of("face-a"), List.of(), List.of("Someone")));
    publisher.commit(TestGenerations.manifest(second, List.of(shard), List.of("gen-2")));
    assertEquals(OptionalLong.of(2), store.current());

    DeletionsNotAppliedException refused = assertThrows(DeletionsNotAppliedException.class, publisher::rollback);
    assertEquals("gen-1 was built before the deletions [gen-2] (1 face_id, 0 image_id, 1 label): its shards still"
        + " hold those faces", refused.getMessage());
    assertThrows(DeletionsNotAppliedException.class, () -> publisher.publish(1));
    assertEquals(OptionalLong.of(2), store.current(), "CURRENT unchanged");
    assertEquals(List.of("gen-2"), List.copyOf(store.deletionsMissingFrom(1).keySet()));
    assertTrue(store.deletionsMissingFrom(2).isEmpty());

    assertEquals(1, publisher.publishDespiteMissingDeletions(publisher.rollbackTarget()), "allowed explicitly");
    assertEquals(OptionalLong.of(1), store.current());
    assertEquals(2, publisher.publish(2), "gen-2 reflects its own deletions");
  }

  @Test
  void aCorruptShardLeavesCurrentUnchanged() throws IOException {
    GenerationStore store = store();
    GenerationPublisher publisher = new GenerationPublisher(store);
    publish(store, 2, 1);

    long gen = publisher.beginGeneration();
    List<ShardEntry> shards = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      shards.add(publishShard(store, gen, shard, 10 + shard));
    }
    // The fault: one byte of a published file changes after its checksum was taken.
    Path victim = largestFile(localPath(store, gen, 1));
    try (RandomAccessFile file = new RandomAccessFile(victim.toFile(), "rw")) {
      file.seek(file.length() / 2);
      int b = file.read();
      file.seek(file.length() / 2);
      file.write(b ^ 0xff);
    }
    IOException e = assertThrows(IOException.class, () -> publisher.commit(manifest(gen, shards)));
    assertTrue(e.getMessage().contains(victim.getFileName().toString()) && e.getMessage().contains("SHA-256"),
        e.getMessage());
    assertEquals(OptionalLong.of(1), store.current(), "CURRENT still on the previous generation");
    assertEquals(List.of(1L), store.generations(), "the failed generation has no manifest");

    assertEquals(3, publisher.beginGeneration(), "the next build numbers above the unfinished generation");
    assertFalse(Files.exists(dir.resolve("index/gen-2")), "and deletes it");
    assertEquals(List.of(), listing(dir.resolve("index/gen-3")));
  }

  @Test
  void aMissingShardLeavesCurrentUnchanged() throws IOException {
    GenerationStore store = store();
    GenerationPublisher publisher = new GenerationPublisher(store);
    publish(store, 2, 1);
    long gen = publisher.beginGeneration();
    ShardEntry published = publishShard(store, gen, 0, 10);
    ShardEntry neverPublished = new ShardEntry(1, published.docs(), published.files());
    IOException e = assertThrows(IOException.class,
        () -> publisher.commit(manifest(gen, List.of(published, neverPublished))));
    assertTrue(e.getMessage().contains("shard 1 of generation 2 is missing"), e.getMessage());
    assertEquals(OptionalLong.of(1), store.current());
  }

  @Test
  void aRetriedShardReplacesTheEarlierAttempt() throws IOException {
    GenerationStore store = store();
    GenerationPublisher publisher = new GenerationPublisher(store);
    long gen = publisher.beginGeneration();
    ShardEntry first = publishShard(store, gen, 0, 10);
    ShardEntry retry = publishShard(store, gen, 0, 12);
    assertThrows(IOException.class, () -> store.verifyShard(gen, first), "the first attempt's files are gone");
    publisher.commit(manifest(gen, List.of(retry)));
    assertEquals(24, store.manifest(gen).totalDocs(), "12 identities x 2 faces of the retry");
  }

  @Test
  void keepsTheNewestGenerationsAndNeverTheCurrentOne() throws IOException {
    GenerationStore store = store();
    GenerationPublisher publisher = new GenerationPublisher(store);
    for (int i = 0; i < 3; i++) {
      publish(store, 1, 2);
    }
    assertEquals(List.of(2L, 3L), store.generations(), "keep 2: gen-1 deleted");
    assertFalse(Files.exists(dir.resolve("index/gen-1")));
    publisher.rollback();
    assertEquals(OptionalLong.of(2), store.current());
    assertEquals(List.of(), new GenerationRetention(store).retain(1), "the current generation is kept even beyond the count");
    assertEquals(List.of(2L, 3L), store.generations());
  }

  private long publish(GenerationStore store, int shards, int keep) throws IOException {
    long gen = TestGenerations.publish(store, dir.resolve("build"), shards);
    new GenerationRetention(store).retain(keep);
    return gen;
  }

  private ShardEntry publishShard(GenerationStore store, long gen, int shard, int identities) throws IOException {
    return TestGenerations.publishShard(store, dir.resolve("build"), gen, shard, identities);
  }

  private static GenerationManifest manifest(long gen, List<ShardEntry> shards) {
    return TestGenerations.manifest(gen, shards);
  }

  private Path localPath(GenerationStore store, long gen, int shard) {
    return Path.of(store.shardPath(gen, shard).toUri());
  }

  private static Path largestFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
