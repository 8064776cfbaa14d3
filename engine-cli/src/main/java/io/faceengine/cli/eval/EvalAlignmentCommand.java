package io.faceengine.cli.eval;

import io.faceengine.cli.EngineOptions;
import io.faceengine.core.cli.EmbedderOption;
import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.eval.DevSplit;
import io.faceengine.core.eval.DevSplitReport;
import io.faceengine.core.eval.LfwPairs;
import io.faceengine.core.eval.MissingPairPolicy;
import io.faceengine.core.model.AlignmentSpec;
import io.faceengine.core.model.AlignmentTemplates;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine eval alignment}: compares ways of cutting faces out for the embedder on LFW's
 * development split (threshold chosen on pairsDevTrain, accuracy on pairsDevTest), never on the 10
 * test folds, so that the manifest's choice is not tuned on the numbers it is judged by.
 */
@Command(name = "alignment", mixinStandardHelpOptions = true,
    description = "Compare alignment choices for the embedder on LFW's development split"
        + " (pairsDevTrain.txt chooses the threshold, pairsDevTest.txt measures accuracy).")
public final class EvalAlignmentCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;
  @Mixin LfwOptions lfw;
  @Mixin EmbedderOption embedderOption;

  @Option(names = "--manifest-only",
      description = "Measure only the manifest's own alignment: its threshold on pairsDevTrain and accuracy on pairsDevTest.")
  boolean manifestOnly;

  /** A named way to cut out and embed faces. */
  record Variant(String name, AlignmentSpec alignment, boolean mirrorAverage) {
    ModelSpec applyTo(ModelSpec embedder) {
      return embedder.withAlignment(alignment).withMirrorAverage(mirrorAverage);
    }
  }

  @Override
  public Integer call() throws IOException {
    EngineConfig config = embedderOption.applyTo(engine.config()).withIntraOpThreads(1);
    Path data = lfw.dataDir(config.home());
    LfwPairs train = LfwPairs.read(data.resolve("pairsDevTrain.txt"), data);
    LfwPairs test = LfwPairs.read(data.resolve("pairsDevTest.txt"), data);
    LinkedHashSet<Path> images = new LinkedHashSet<>(train.images());
    images.addAll(test.images());
    ModelSpec embedder = engine.manifest().select(ModelRole.EMBEDDER, config.models().embedder());
    if (embedder.isFusion() && !manifestOnly) {
      throw new IllegalArgumentException("eval alignment compares one model's alignments; " + embedder.id()
          + " is a fusion: run it for each of its components, or with --manifest-only");
    }
    System.err.printf("dev split: %d train + %d test pairs, %d distinct images%n",
        train.pairs().size(), test.pairs().size(), images.size());

    List<String> rows = new ArrayList<>();
    List<Variant> variants = manifestOnly
        ? List.of(new Variant("manifest", embedder.alignment(), embedder.mirrorAverage()))
        : variants(embedder.alignment());
    for (Variant variant : variants) {
      ModelSpec spec = manifestOnly ? embedder : variant.applyTo(embedder); // a fusion has no alignment of its own
      String name = variant.name() + (spec.equals(embedder) ? " [manifest]" : "");
      System.err.println("variant " + name + ": " + variant);
      try (FacePipeline pipeline = FacePipelineFactory.create(config, engine.manifest(), spec)) {
        ImageEmbeddings embeddings = ImageEmbeddings.compute(pipeline, List.copyOf(images), lfw.threads(), System.err);
        DistanceMetric metric = spec.metric();
        DevSplitReport report = new DevSplit(MissingPairPolicy.COUNT_AS_WRONG).evaluate(
            EvalLfwCommand.score(train.pairs(), embeddings, metric),
            EvalLfwCommand.score(test.pairs(), embeddings, metric));
        rows.add(String.format(Locale.ROOT, "%-45s %9.4f %11.4f %10.4f %8d", name, report.threshold(),
            report.trainAccuracy(), report.testAccuracy(), report.trainMissing() + report.testMissing()));
        System.err.println(report);
      }
    }
    System.out.printf("%-45s %9s %11s %10s %8s%n", "alignment", "threshold", "train acc", "test acc", "missing");
    rows.forEach(System.out::println);
    return 0;
  }

  /** The alternatives worth measuring: dlib's template fitted in several ways, ArcFace's template, plain box crops. */
  static List<Variant> variants(AlignmentSpec current) {
    AlignmentSpec dlib = new AlignmentSpec(AlignmentSpec.SIMILARITY,
        AlignmentTemplates.named(AlignmentTemplates.DLIB_150), null, 0.25f);
    return List.of(
        new Variant("dlib template, 5 points", dlib, false),
        new Variant("dlib template, 5 points, mirror average", dlib, true),
        new Variant("dlib template, eyes + nose only", dlib.with(AlignmentSpec.SIMILARITY, 0.25f,
            List.of(1f, 1f, 1f, 0f, 0f)), false),
        new Variant("dlib template, nose weight 0.5", dlib.with(AlignmentSpec.SIMILARITY, 0.25f,
            List.of(1f, 1f, 0.5f, 1f, 1f)), false),
        new Variant("ArcFace 112 template, no padding", new AlignmentSpec(AlignmentSpec.SIMILARITY,
            AlignmentTemplates.named(AlignmentTemplates.ARCFACE_112), null, 0f), false),
        new Variant("ArcFace 112 template, no padding, mirror average", new AlignmentSpec(AlignmentSpec.SIMILARITY,
            AlignmentTemplates.named(AlignmentTemplates.ARCFACE_112), null, 0f), true),
        new Variant("box square, padding 0.10", current.with(AlignmentSpec.BOX, 0.10f, null), false),
        new Variant("box square, padding 0.25", current.with(AlignmentSpec.BOX, 0.25f, null), false));
  }
}
