package io.faceengine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.cli.CommandFailures;
import io.faceengine.core.fault.FaultPoint;
import io.faceengine.core.testing.ChildJvm;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.FaceLikeVectors;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.spark.SparkJobTestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real index build JVM at publish (CURRENT's temp file written, not yet renamed
 * over it) and with a shard half copied into the new generation: CURRENT keeps serving the previous
 * generation, which verifies, and the next build publishes a verifiable generation and leaves no
 * temp file and no unfinished generation behind.
 */
class IndexPublishKilledTest extends SparkJobTestCase {
  private static final Duration RUN = Duration.ofMinutes(5);

  @TempDir Path dir;

  /** The index command in a JVM of its own, as {@code bin/engine index} runs it. */
  public static final class Main {
    public static void main(String[] args) {
      System.exit(CommandFailures.commandLine(new IndexCommand()).execute(args));
    }
  }

  @Test
  void aBuildKilledAtPublishOrMidShardLeavesCurrentVerifiableAndTheNextBuildCleansUp() throws Exception {
    String input = dir.resolve("faces").toString();
    SparkFaces.write(spark, new FaceLikeVectors(7, 30, 128).faces(2), "dlib-resnet-v1", input);
    Path root = dir.resolve("index");
    String[] build = {"build", "--input", input, "--output", root.toString(), "--shards", "2", "--master", "local[1]"};
    assertEquals(0, ChildJvm.start(Main.class, Map.of(), build).awaitExit(RUN));
    GenerationStore store = new GenerationStore(new Configuration(), root.toString());
    assertEquals(OptionalLong.of(1), store.current());

    ChildJvm atPublish = ChildJvm.start(Main.class, Map.of(FaultPoint.PROPERTY,
        FaultPoint.INDEX_PUBLISH_BEFORE_RENAME), build);
    atPublish.awaitPause(FaultPoint.INDEX_PUBLISH_BEFORE_RENAME, RUN);
    atPublish.kill9();
    assertEquals(OptionalLong.of(1), store.current(), "CURRENT moves only by the rename");
    assertEquals(1, pointerTemps(root).size(), "the killed publish left its temp file");
    verify(store);

    ChildJvm midShard = ChildJvm.start(Main.class, Map.of(FaultPoint.PROPERTY, FaultPoint.INDEX_SHARD_FILE_COPIED),
        build);
    midShard.awaitPause(FaultPoint.INDEX_SHARD_FILE_COPIED, RUN);
    midShard.kill9();
    assertEquals(OptionalLong.of(1), store.current());
    verify(store);

    ChildJvm again = ChildJvm.start(Main.class, Map.of(), build);
    assertEquals(0, again.awaitExit(RUN), again.output());
    assertEquals(OptionalLong.of(4), store.current(), "generation numbers are never reused");
    verify(store);
    assertEquals(60, store.manifest(4).shards().stream().mapToLong(ShardEntry::docs).sum(), "every face once");
    assertEquals(List.of(), pointerTemps(root), "no stale CURRENT temp file");
    assertEquals(List.of(1L, 2L, 4L), store.generations(), "the generation killed mid-shard is deleted");
    try (Stream<Path> entries = Files.list(root)) {
      assertTrue(entries.noneMatch(p -> p.getFileName().toString().equals("gen-3")), "gen-3 deleted");
    }
  }

  private static void verify(GenerationStore store) throws Exception {
    long current = store.current().orElseThrow();
    for (ShardEntry shard : store.manifest(current).shards()) {
      store.verifyShard(current, shard);
    }
  }

  private static List<String> pointerTemps(Path root) throws Exception {
    try (Stream<Path> entries = Files.list(root)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".CURRENT.")).toList();
    }
  }
}
