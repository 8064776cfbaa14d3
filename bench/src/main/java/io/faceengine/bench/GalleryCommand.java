package io.faceengine.bench;

import io.faceengine.bench.gallery.GalleryBuilder;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.spark.SparkJobOptions;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine bench gallery}: a benchmark gallery of real faces plus synthetic identities
 * calibrated on them (see {@link GalleryBuilder}), written as a faces dataset the index build reads.
 */
@Command(name = "gallery", mixinStandardHelpOptions = true,
    description = "Write a faces dataset of SIZE faces: every real face plus synthetic identities calibrated on them;"
        + " prints the real and synthetic distance distributions side by side.")
final class GalleryCommand implements Callable<Integer> {
  @Option(names = "--faces", paramLabel = "DIR", required = true,
      description = "The real faces: a faces dataset or an ingest output directory (e.g. all of LFW ingested).")
  String faces;

  @Option(names = "--size", paramLabel = "N", defaultValue = "1000000",
      description = "Faces in the gallery, real ones included (default: ${DEFAULT-VALUE}).")
  long size;

  @Option(names = "--output", paramLabel = "DIR", required = true,
      description = "Where to write the gallery (its faces/ must not exist); any Hadoop URI.")
  String output;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed: a seed gives the same gallery (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin SparkJobOptions job;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = job.config();
    ModelManifest models = ModelManifest.load(config.models().manifest());
    long started = System.nanoTime();
    try (SparkSession spark = job.session("face-engine bench gallery")) {
      GalleryBuilder.Result result = new GalleryBuilder(spark, System.out).build(faces, size, output, seed, models);
      System.out.printf(Locale.ROOT, "gallery %s/faces: %d faces = %d real + %d synthetic (%d identities), seed %d,"
          + " %.1f s%n", output, size, result.realFaces(), result.syntheticFaces(), result.syntheticIdentities(), seed,
          (System.nanoTime() - started) / 1e9);
    }
    return 0;
  }
}
