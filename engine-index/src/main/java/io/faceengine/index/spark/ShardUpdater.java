package io.faceengine.index.spark;

import io.faceengine.index.FaceDoc;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.CommittedShard;
import io.faceengine.index.lucene.ShardIndexWriter;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * The task of one shard in an update: its new faces (sorted by face id) in, one {@link ShardOutcome}
 * out. A shard with nothing to add or delete is carried over: its files are copied from the
 * previous generation and checked against its checksums. Any other shard is copied to the
 * executor's local disk, changed (faces deleted, new ones added), merged to one segment, checked
 * and published. The partition index is the shard number.
 */
final class ShardUpdater implements Function2<Integer, Iterator<Tuple2<String, FaceDoc>>, Iterator<ShardOutcome>> {
  private final ShardSettings settings;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final String root;
  private final long previous;
  private final long generation;
  private final List<ShardEntry> previousShards;
  /** Face ids to delete, by shard; a shard absent here deletes nothing. */
  private final Map<Integer, Set<String>> deletions;
  private final String buildDir;

  ShardUpdater(ShardSettings settings, Broadcast<SerializableConfiguration> hadoopConf, String root, long previous,
      long generation, List<ShardEntry> previousShards, Map<Integer, Set<String>> deletions, String buildDir) {
    this.settings = settings;
    this.hadoopConf = hadoopConf;
    this.root = root;
    this.previous = previous;
    this.generation = generation;
    this.previousShards = previousShards;
    this.deletions = deletions;
    this.buildDir = buildDir;
  }

  @Override
  public Iterator<ShardOutcome> call(Integer shard, Iterator<Tuple2<String, FaceDoc>> faces) throws IOException {
    GenerationStore store = new GenerationStore(hadoopConf.value().value(), root);
    ShardEntry before = previousShards.get(shard);
    Set<String> toDelete = deletions.getOrDefault(shard, Set.of());
    if (toDelete.isEmpty() && !faces.hasNext()) {
      return List.of(new ShardOutcome(store.carryOverShard(previous, generation, before), false, 0, 0)).iterator();
    }
    Path parent = Files.createDirectories(Path.of(buildDir != null ? buildDir : System.getProperty("java.io.tmpdir")));
    Path local = Files.createTempDirectory(parent, "face-index-gen-" + generation + "-shard-" + shard + "-");
    try {
      store.fetchShard(previous, before, local);
      long added = 0;
      ShardTaskProgress progress = new ShardTaskProgress(generation, shard);
      try (ShardIndexWriter writer = ShardIndexWriter.append(local, settings)) {
        writer.delete(toDelete);
        String last = null;
        while (faces.hasNext()) {
          FaceDoc face = faces.next()._2();
          if (face.faceId().equals(last)) { // sorted by face id: a repeat is the next one
            throw new IllegalArgumentException("face " + face.faceId() + " appears twice in the new runs");
          }
          last = face.faceId();
          writer.add(face);
          progress.faceAdded();
          added++;
        }
        progress.merging();
        writer.finish();
      }
      progress.copying();
      CommittedShard committed = CommittedShard.inspect(local);
      ShardEntry after = store.publishShard(generation, shard, local, committed.docs(), committed.files());
      return List.of(new ShardOutcome(after, true, added, before.docs() + added - after.docs())).iterator();
    } finally {
      ShardBuilder.deleteRecursively(local);
    }
  }
}
