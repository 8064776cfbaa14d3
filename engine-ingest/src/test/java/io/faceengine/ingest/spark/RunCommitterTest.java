package io.faceengine.ingest.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol on a real (local) Hadoop file system, without Spark. */
class RunCommitterTest {
  @TempDir Path out;

  @Test
  void aStagedBatchAppearsWholeUnderItsRunAndBatch() throws IOException {
    RunCommitter committer = new RunCommitter(new Configuration(), out.toString(), "run-x");
    assertEquals(0, committer.nextBatch());
    stage(committer, 0);
    committer.commit(0);
    assertTrue(Files.exists(out.resolve("faces/run_id=run-x/batch=0/part-0.parquet")));
    assertTrue(Files.exists(out.resolve("images/run_id=run-x/batch=0/part-0.parquet")));
    assertFalse(Files.exists(out.resolve("_staging/run-x/batch=0")), "staging is cleaned up");
    assertEquals(1, committer.nextBatch(), "a resumed run appends batches");
    assertTrue(committer.hasLedger());
  }

  @Test
  void committingNothingFails() {
    RunCommitter committer = new RunCommitter(new Configuration(), out.toString(), "run-x");
    IOException e = assertThrows(IOException.class, () -> committer.commit(3));
    assertTrue(e.getMessage().contains("batch=3"), e.getMessage());
  }

  /** Faces of an earlier version's commit (renamed before images) without their images batch: removed, redone. */
  @Test
  void recoveryRemovesOrphanedFacesAndLeftoverStaging() throws IOException {
    RunCommitter committer = new RunCommitter(new Configuration(), out.toString(), "run-x");
    stage(committer, 0);
    committer.commit(0);
    Path orphan = Files.createDirectories(out.resolve("faces/run_id=run-x/batch=1"));
    Files.writeString(orphan.resolve("part-0.parquet"), "faces of a batch whose images were never committed");
    stage(committer, 2);

    RunCommitter.Recovery recovery = committer.recover();
    assertEquals(1, recovery.removed().size());
    assertTrue(recovery.completed().isEmpty());
    assertFalse(Files.exists(orphan));
    assertFalse(Files.exists(out.resolve("_staging")));
    assertTrue(Files.exists(out.resolve("faces/run_id=run-x/batch=0")), "committed batches stay");
  }

  /** A crash after the ledger's rename: its faces stay hidden in staging until recovery moves them into place. */
  @Test
  void aCommitCutAfterTheLedgerIsRolledForward() throws IOException {
    RunCommitter cut = new RunCommitter(new Configuration(), out.toString(), "run-x", step -> {
      throw new IllegalStateException("crash after " + step);
    });
    stage(cut, 0);
    assertThrows(IllegalStateException.class, () -> cut.commit(0));
    assertTrue(Files.exists(out.resolve("images/run_id=run-x/batch=0/part-0.parquet")), "the ledger is committed");
    assertFalse(Files.exists(out.resolve("faces/run_id=run-x")), "no face is visible yet");

    RunCommitter.Recovery recovery = new RunCommitter(new Configuration(), out.toString(), "run-y").recover();
    assertEquals(1, recovery.completed().size());
    assertTrue(Files.exists(out.resolve("faces/run_id=run-x/batch=0/part-0.parquet")), "rolled forward");
    assertFalse(Files.exists(out.resolve("_staging")));
  }

  private static void stage(RunCommitter committer, int batch) throws IOException {
    for (String dir : List.of(committer.stagingFaces(batch), committer.stagingImages(batch))) {
      Path path = Path.of(java.net.URI.create(dir).getPath());
      Files.createDirectories(path);
      Files.writeString(path.resolve("part-0.parquet"), "rows");
    }
  }
}
