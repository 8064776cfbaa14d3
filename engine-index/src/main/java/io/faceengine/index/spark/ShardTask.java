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
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The task of one shard: its faces (sorted by face id) in, one manifest entry out. Builds the shard
 * as a Lucene index on the executor's local disk, checks it, copies it into the generation, and
 * deletes the local copy. The partition index is the shard number.
 */
final class ShardBuilder implements Function2<Integer, Iterator<Tuple2<String, FaceDoc>>, Iterator<ShardEntry>> {
  private static final Logger LOG = LoggerFactory.getLogger(ShardBuilder.class);

  private final ShardSettings settings;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final String root;
  private final long generation;
  /** Null: the executor's java.io.tmpdir. */
  private final String buildDir;

  ShardBuilder(ShardSettings settings, Broadcast<SerializableConfiguration> hadoopConf, String root, long generation,
      String buildDir) {
    this.settings = settings;
    this.hadoopConf = hadoopConf;
    this.root = root;
    this.generation = generation;
    this.buildDir = buildDir;
  }

  @Override
  public Iterator<ShardEntry> call(Integer shard, Iterator<Tuple2<String, FaceDoc>> faces) throws IOException {
    Path parent = Files.createDirectories(Path.of(buildDir != null ? buildDir : System.getProperty("java.io.tmpdir")));
    Path local = Files.createTempDirectory(parent, "face-index-gen-" + generation + "-shard-" + shard + "-");
    try {
      ShardTaskProgress progress = new ShardTaskProgress(generation, shard);
      try (ShardIndexWriter writer = new ShardIndexWriter(local, settings)) {
        String previous = null;
        while (faces.hasNext()) {
          FaceDoc face = faces.next()._2();
          if (face.faceId().equals(previous)) { // sorted by face id: a repeat is the next one
            throw new IllegalArgumentException("face " + face.faceId() + " appears twice in the input");
          }
          previous = face.faceId();
          writer.add(face);
          progress.faceAdded();
        }
        progress.merging();
        writer.finish();
      }
      progress.copying();
      CommittedShard committed = CommittedShard.inspect(local);
      GenerationStore store = new GenerationStore(hadoopConf.value().value(), root);
      return List.of(store.publishShard(generation, shard, local, committed.docs(), committed.files())).iterator();
    } finally {
      deleteRecursively(local);
    }
  }

  /** Best effort: a leftover local copy must not hide the task's own outcome. */
  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the local build directory {}: {}", dir, e.getMessage());
    }
  }
}
