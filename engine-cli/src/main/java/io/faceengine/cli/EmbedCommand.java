package io.faceengine.cli;

import io.faceengine.core.pipeline.FaceAnalysis;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import io.faceengine.core.pipeline.ImageAnalysis;
import io.faceengine.core.quality.QualityLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code bin/engine embed}: one JSON line per face with its L2-normalised embedding. */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Embed every face of each image: one JSON line per face (box, landmarks, score, quality and the"
        + " quality gate's reasons, model id, L2-normalised embedding). Images without a face are reported on stderr.")
final class EmbedCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
  List<Path> images;

  @Override
  public Integer call() {
    try (FacePipeline pipeline = FacePipelineFactory.create(engine.config(), engine.manifest())) {
      String modelId = pipeline.embedderSpec().id();
      int failed = ImageInputs.forEach(images, "embed", path -> {
        ImageAnalysis analysis = pipeline.analyze(path);
        if (analysis.faces().isEmpty()) {
          System.err.println("engine embed: " + path + ": no face found");
        }
        for (FaceAnalysis face : analysis.faces()) {
          System.out.println(FaceJson.JSON.writeValueAsString(FaceJson.of(path.toString(), face.faceIndex(),
              face.detection()).withEmbedding(face.quality(), QualityLimits.codes(face.qualityIssues()), modelId,
              face.embedding())));
        }
      });
      return failed == 0 ? 0 : 1;
    }
  }
}
