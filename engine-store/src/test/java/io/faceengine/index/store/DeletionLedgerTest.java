package io.faceengine.index.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.GenerationManifest.ShardFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deletion ledger and the store's shard carry-over, on the local file system through Hadoop's API. */
class DeletionLedgerTest {
  @TempDir Path dir;

  private GenerationStore store() {
    return new GenerationStore(new Configuration(), dir.resolve("index").toUri().toString());
  }

  @Test
  void entriesAreWrittenOnceAndReadBackInOrder() throws IOException {
    DeletionLedger ledger = store().ledger();
    assertTrue(ledger.entries().isEmpty(), "no ledger yet");
    ledger.record(3, new Deletions(List.of("f2", "f1", "f1"), List.of(), List.of("Some_Person")));
    ledger.record(12, new Deletions(List.of(), List.of("img"), List.of()));

    SortedMap<String, Deletions> entries = store().ledger().entries();
    assertEquals(List.of("gen-12", "gen-3"), List.copyOf(entries.keySet()));
    assertEquals(List.of("f1", "f2"), entries.get("gen-3").faceIds(), "sorted, without repeats");
    assertEquals(new Deletions(List.of("f1", "f2"), List.of("img"), List.of("Some_Person")),
        DeletionLedger.union(entries));
    IOException again = assertThrows(IOException.class, () -> ledger.record(3, Deletions.NONE));
    assertTrue(again.getMessage().contains("gen-3.json"), again.getMessage());
    assertEquals(entries, store().ledger().entries(), "the entry was not replaced");
  }

  @Test
  void deletionFilesAreParsedAndBadLinesNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("d.csv"),
        "# requests of 2026-11-22\nface_id, abc\n\nimage_id,0123\nlabel,Name, With Comma\n");
    assertEquals(new Deletions(List.of("abc"), List.of("0123"), List.of("Name, With Comma")), Deletions.readFile(file));

    Path bad = Files.writeString(dir.resolve("bad.csv"), "face_id,a\nlabel\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Deletions.readFile(bad));
    assertTrue(e.getMessage().contains("bad.csv line 2"), e.getMessage());
    Path unknown = Files.writeString(dir.resolve("unknown.csv"), "faceid,a\n");
    e = assertThrows(IllegalArgumentException.class, () -> Deletions.readFile(unknown));
    assertTrue(e.getMessage().contains("unknown key 'faceid'"), e.getMessage());
  }

  /** A shard carried over into the next generation is a checked copy: a damaged source file stops it. */
  @Test
  void carryingOverAShardChecksEveryFile() throws IOException {
    GenerationStore store = store();
    TestGenerations.publish(store, dir.resolve("build"), 2);
    ShardEntry shard = store.manifest(1).shards().get(1);
    long next = store.beginGeneration();
    assertEquals(shard, store.carryOverShard(1, next, shard));
    for (ShardFile file : shard.files()) {
      assertEquals(-1, Files.mismatch(dir.resolve("index/gen-1/shard-1/" + file.name()),
          dir.resolve("index/gen-2/shard-1/" + file.name())));
    }

    ShardFile victim = shard.files().stream().filter(f -> f.bytes() > 100).findFirst().orElseThrow();
    try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("index/gen-1/shard-1/" + victim.name()).toFile(), "rw")) {
      raf.seek(50);
      int b = raf.read();
      raf.seek(50);
      raf.write(b ^ 0xff);
    }
    IOException e = assertThrows(IOException.class, () -> store.carryOverShard(1, next, shard));
    assertTrue(e.getMessage().contains(victim.name()) && e.getMessage().contains("the manifest of gen-1"),
        e.getMessage());
    try (Stream<Path> left = Files.walk(dir.resolve("index/gen-2"))) {
      assertTrue(left.noneMatch(p -> p.toString().contains("_tmp/")), "the failed copy left nothing behind");
    }
  }
}
