package io.faceengine.ingest.erase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.spark.SparkJobTestCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erase killed between the two renames of a partition swap (the old partition moved aside, the
 * new one not yet in place): the next erase renames the finished new partition in, or puts the old
 * one back when the new one was not finished; either way the partition is whole and nothing is left
 * under {@code _erasure/}.
 */
class IngestErasureRecoveryTest extends SparkJobTestCase {
  @TempDir Path out;

  @Test
  void aFinishedNewPartitionIsRenamedInAndAnUnfinishedOneLeavesTheOldInPlace() throws IOException {
    Files.createDirectories(out.resolve("faces"));
    Files.createDirectories(out.resolve("images"));
    Path work = out.resolve(IngestErasure.WORK).resolve("crashed");
    // faces: the new partition was written (with Spark's _SUCCESS marker) before the crash.
    Path oldFaces = partition(work.resolve("old/faces/run_id=r1/batch=0"), "old faces");
    Path newFaces = partition(work.resolve("new/faces/run_id=r1/batch=0"), "new faces");
    Files.writeString(newFaces.resolve("_SUCCESS"), "");
    // images: the new partition was still being written.
    partition(work.resolve("old/images/run_id=r1/batch=0"), "old images");
    partition(work.resolve("new/images/run_id=r1/batch=0"), "half of new images");
    // a partition whose swap had completed is left alone.
    partition(out.resolve("faces/run_id=r2/batch=0"), "in place");
    partition(work.resolve("old/faces/run_id=r2/batch=0"), "older copy");

    List<String> recovered = new IngestErasure(spark, out.toString()).recover();

    assertEquals(2, recovered.size(), recovered.toString());
    assertEquals("new faces", Files.readString(out.resolve("faces/run_id=r1/batch=0/part-0.parquet")));
    assertEquals("old images", Files.readString(out.resolve("images/run_id=r1/batch=0/part-0.parquet")));
    assertEquals("in place", Files.readString(out.resolve("faces/run_id=r2/batch=0/part-0.parquet")));
    assertTrue(recovered.stream().anyMatch(r -> r.contains("faces/run_id=r1/batch=0: erasure completed")), recovered.toString());
    assertTrue(recovered.stream().anyMatch(r -> r.contains("images/run_id=r1/batch=0: restored as it was")),
        recovered.toString());
    assertFalse(Files.exists(work), "the work folder is gone");
    assertFalse(Files.exists(oldFaces));
    assertEquals(List.of(), new IngestErasure(spark, out.toString()).recover(), "nothing left to recover");
  }

  private static Path partition(Path dir, String content) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("part-0.parquet"), content);
    return dir;
  }
}
