package io.faceengine.index.spark;

import io.faceengine.index.FaceDoc;
import io.faceengine.index.ShardDoc;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.CommittedShard;
import io.faceengine.index.lucene.ShardIndexWriter;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The task of one shard, in a build or an update: its new faces and person templates (sorted by id)
 * in, one {@link ShardOutcome} out. A build starts every shard empty. An update starts from the previous
 * generation's shard: one with nothing to add or delete is carried over (its files copied and
 * checked against their checksums); any other is copied to local disk and its faces deleted before
 * the new ones are added. The shard is built as a Lucene index on the executor's local disk, merged
 * to one segment, checked, copied into the generation, and the local copy deleted. The partition
 * index is the shard number.
 */
final class ShardTask implements Function2<Integer, Iterator<Tuple2<String, ShardDoc>>, Iterator<ShardOutcome>> {
  private static final Logger LOG = LoggerFactory.getLogger(ShardTask.class);

  private final ShardSettings settings;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final String root;
  private final long generation;
  /** Null: the executor's java.io.tmpdir. */
  private final String buildDir;
  /** What an update starts from; null in a build. */
  private final Base base;

  /**
   * The generation an update starts from.
   *
   * @param shards its shards, in shard order
   * @param deletions face ids (and template ids) to delete, by shard; a shard absent here deletes nothing
   */
  record Base(long generation, List<ShardEntry> shards, Map<Integer, Set<String>> deletions) implements Serializable {}

  ShardTask(ShardSettings settings, Broadcast<SerializableConfiguration> hadoopConf, String root, long generation,
      String buildDir, Base base) {
    this.settings = settings;
    this.hadoopConf = hadoopConf;
    this.root = root;
    this.generation = generation;
    this.buildDir = buildDir;
    this.base = base;
  }

  @Override
  public Iterator<ShardOutcome> call(Integer shard, Iterator<Tuple2<String, ShardDoc>> docs) throws IOException {
    GenerationStore store = new GenerationStore(hadoopConf.value().value(), root);
    GenerationPublisher publisher = new GenerationPublisher(store);
    ShardEntry before = base == null ? null : base.shards().get(shard);
    Set<String> toDelete = base == null ? Set.of() : base.deletions().getOrDefault(shard, Set.of());
    if (before != null && toDelete.isEmpty() && !docs.hasNext()) {
      return List.of(new ShardOutcome(publisher.carryOverShard(base.generation(), generation, before), false, 0, 0, 0))
          .iterator();
    }
    Path parent = Files.createDirectories(Path.of(buildDir != null ? buildDir : System.getProperty("java.io.tmpdir")));
    Path local = Files.createTempDirectory(parent, "face-index-gen-" + generation + "-shard-" + shard + "-");
    try {
      if (before != null) {
        store.fetchShard(base.generation(), before, local);
      }
      long added = 0;
      long templates = 0;
      ShardTaskProgress progress = new ShardTaskProgress(generation, shard);
      try (ShardIndexWriter writer = before == null ? new ShardIndexWriter(local, settings)
          : ShardIndexWriter.append(local, settings)) {
        writer.delete(toDelete);
        String last = null;
        while (docs.hasNext()) {
          ShardDoc doc = docs.next()._2();
          if (doc.id().equals(last)) { // sorted by id: a repeat is the next one
            throw new IllegalArgumentException((doc instanceof FaceDoc ? "face " : "") + doc.id() + " appears twice in "
                + (base == null ? "the input" : "the new runs"));
          }
          last = doc.id();
          writer.add(doc);
          if (doc instanceof FaceDoc) {
            progress.faceAdded();
            added++;
          } else {
            templates++;
          }
        }
        progress.merging();
        writer.finish();
      }
      progress.copying();
      CommittedShard committed = CommittedShard.inspect(local);
      ShardEntry after = publisher.publishShard(generation, shard, local, committed.docs(), committed.files(),
          committed.templates());
      long docsBefore = before == null ? 0 : before.docs();
      return List.of(new ShardOutcome(after, true, added, docsBefore + added - after.docs(), templates)).iterator();
    } finally {
      deleteRecursively(local);
    }
  }

  /** Best effort: a leftover local copy must not hide the task's own outcome. */
  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the local build directory {}: {}", dir, e.getMessage());
    }
  }
}
