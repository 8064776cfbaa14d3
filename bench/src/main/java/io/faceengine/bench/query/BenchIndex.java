package io.faceengine.bench.query;

import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.IndexBuildJob;
import io.faceengine.index.IndexBuildPlan;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;

/**
 * The index a benchmark serves: the root's {@code CURRENT} generation when it was built from the
 * same gallery with the same shard count, vector format and HNSW parameters, otherwise a new
 * generation built with the index build job.
 *
 * @param buildSeconds the build's wall time in this run; null when the generation was reused
 */
public record BenchIndex(String root, GenerationManifest manifest, Double buildSeconds) {
  /** Reuses or builds the index of {@code faces} (a qualified faces dataset path) under {@code root}. */
  public static BenchIndex ensure(SparkSession spark, String faces, long faceCount, String root, IndexConfig index,
      ModelManifest models, PrintStream console) throws IOException {
    GenerationStore store = new GenerationStore(spark.sparkContext().hadoopConfiguration(), root);
    OptionalLong current = store.current();
    if (current.isPresent()) {
      GenerationManifest manifest = store.manifest(current.getAsLong());
      if (manifest.input().equals(faces) && manifest.totalDocs() == faceCount && manifest.shardCount() == index.shards()
          && manifest.vectorFormat() == index.format() && manifest.hnswM() == index.m()
          && manifest.hnswBeamWidth() == index.beamWidth()) {
        console.printf(Locale.ROOT, "%d shards: reusing %s gen-%d (%s, built in %.1f s)%n", index.shards(), root,
            manifest.generation(), manifest.vectorFormat().configName(), manifest.buildSeconds());
        return new BenchIndex(root, manifest, null);
      }
    }
    console.printf(Locale.ROOT, "%d shards: building %s from %s%n", index.shards(), root, faces);
    long started = System.nanoTime();
    GenerationManifest manifest = new IndexBuildJob(spark, new IndexBuildPlan(faces, root, index, models), console).run();
    double seconds = (System.nanoTime() - started) / 1e9;
    console.printf(Locale.ROOT, "%d shards: built gen-%d in %.1f s%n", index.shards(), manifest.generation(), seconds);
    return new BenchIndex(root, manifest, seconds);
  }
}
