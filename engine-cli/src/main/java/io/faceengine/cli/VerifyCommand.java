package io.faceengine.cli;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.pipeline.FaceAnalysis;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/engine verify A B}: are these two photos of the same person? */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "1:1 verification: compares the main face (the largest one at the centre) of two images and"
        + " says whether they show the same person, with the distance and the threshold used.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Parameters(index = "0", paramLabel = "A", description = "First image.")
  Path first;

  @Parameters(index = "1", paramLabel = "B", description = "Second image.")
  Path second;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Decision threshold on the model's distance (default: the model's, from the manifest).")
  Float threshold;

  @Override
  public Integer call() throws IOException {
    try (FacePipeline pipeline = FacePipelineFactory.create(engine.config(), engine.manifest())) {
      ModelSpec model = pipeline.embedderSpec();
      float[] a = mainFace(pipeline, first).embedding();
      float[] b = mainFace(pipeline, second).embedding();
      DistanceMetric metric = model.metric();
      float t = threshold != null ? threshold : model.threshold();
      float distance = metric.distance(a, b);
      System.out.printf(Locale.ROOT, "distance: %.4f (%s, model %s)%n", distance, metric.name().toLowerCase(java.util.Locale.ROOT), model.id());
      System.out.printf(Locale.ROOT, "threshold: %.4f%n", t);
      System.out.printf(Locale.ROOT, "similarity: %.4f%n", metric.similarity(distance));
      System.out.println("verdict: " + (distance < t ? "same person" : "different people"));
      return 0;
    }
  }

  private static FaceAnalysis mainFace(FacePipeline pipeline, Path image) throws IOException {
    return pipeline.analyze(image).centralFace()
        .orElseThrow(() -> new IllegalArgumentException(image + ": no face found"));
  }
}
