package io.faceengine.cli.eval;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.cli.EngineOptions;
import io.faceengine.core.cli.EmbedderOption;
import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.eval.EvaluationReport;
import io.faceengine.core.eval.LfwPair;
import io.faceengine.core.eval.LfwPairs;
import io.faceengine.core.eval.LfwProtocol;
import io.faceengine.core.eval.MissingPairPolicy;
import io.faceengine.core.eval.RocPlot;
import io.faceengine.core.eval.ScoredPair;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/engine eval lfw}: the standard LFW verification protocol on the configured models. */
@Command(name = "lfw", mixinStandardHelpOptions = true,
    description = "LFW face verification: 10-fold cross-validation on pairs.txt (threshold chosen on 9 folds,"
        + " applied to the 10th). Prints accuracy, VAL@FAR=1e-3 and how pairs without a detected face were"
        + " handled; writes a JSON report and a ROC curve. The last line is 'LFW accuracy: mean ± std'.")
public final class EvalLfwCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;
  @Mixin LfwOptions lfw;
  @Mixin EmbedderOption embedder;

  @Option(names = "--pairs", paramLabel = "FILE", defaultValue = "pairs.txt",
      description = "Pairs file inside the data folder (default: ${DEFAULT-VALUE}).")
  String pairsFile;

  @Option(names = "--report", paramLabel = "DIR", defaultValue = "reports/lfw",
      description = "Where to write report.json and roc.png (default: ${DEFAULT-VALUE}, relative to the engine's home).")
  Path reportDir;

  @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "COUNT_AS_WRONG",
      description = "Pairs without a face in one image: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  MissingPairPolicy missingPolicy;

  @Override
  public Integer call() throws IOException {
    EngineConfig config = embedder.applyTo(engine.config()).withIntraOpThreads(1);
    Path data = lfw.dataDir(config.home());
    LfwPairs pairs = LfwPairs.read(data.resolve(pairsFile), data);
    List<Path> images = pairs.images();
    System.err.printf("LFW: %d pairs (%d same person), %d distinct images, %d threads%n",
        pairs.pairs().size(), pairs.samePersonCount(), images.size(), lfw.threads());
    ImageEmbeddings embeddings;
    DistanceMetric metric;
    try (FacePipeline pipeline = FacePipelineFactory.create(config, engine.manifest())) {
      metric = pipeline.embedderSpec().metric();
      System.err.println("embedder: " + pipeline.embedderSpec().id() + ", metric " + metric);
      embeddings = ImageEmbeddings.compute(pipeline, images, lfw.threads(), System.err);
    }
    List<ScoredPair> scored = score(pairs.pairs(), embeddings, metric);
    EvaluationReport report = new LfwProtocol(missingPolicy, LfwProtocol.DEFAULT_FAR_TARGET).evaluate(scored);

    Path out = config.home().resolve(reportDir);
    Files.createDirectories(out);
    JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
        .writeValue(out.resolve("report.json").toFile(), report);
    new RocPlot().write(report, out.resolve("roc.png"));
    System.out.printf(Locale.ROOT, "images: %d, no face detected: %d, failed: %d; %.1f images/s%n",
        embeddings.images(), embeddings.withoutFace(), embeddings.failed(), embeddings.imagesPerSecond());
    System.out.println("report: " + out.resolve("report.json") + ", ROC: " + out.resolve("roc.png"));
    System.out.println(report.summary());
    return 0;
  }

  /** One distance per pair, empty when either image has no face. */
  static List<ScoredPair> score(List<LfwPair> pairs, ImageEmbeddings embeddings, DistanceMetric metric) {
    List<ScoredPair> scored = new ArrayList<>(pairs.size());
    for (LfwPair pair : pairs) {
      Optional<float[]> a = embeddings.get(pair.first());
      Optional<float[]> b = embeddings.get(pair.second());
      OptionalDouble distance = a.isPresent() && b.isPresent()
          ? OptionalDouble.of(metric.distance(a.get(), b.get()))
          : OptionalDouble.empty();
      scored.add(ScoredPair.of(pair, distance));
    }
    return scored;
  }
}
