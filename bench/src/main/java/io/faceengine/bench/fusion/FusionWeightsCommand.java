package io.faceengine.bench.fusion;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.embed.EmbeddingFusion;
import io.faceengine.core.eval.DevSplit;
import io.faceengine.core.eval.DevSplitReport;
import io.faceengine.core.eval.IdentificationReport;
import io.faceengine.core.eval.LfwPair;
import io.faceengine.core.eval.LfwPairs;
import io.faceengine.core.eval.MissingPairPolicy;
import io.faceengine.core.eval.ScoredPair;
import io.faceengine.core.model.FusionSpec;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.spark.SparkJobOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Chooses a two-model fusion's weights on LFW's development split (View 1) from the components'
 * stored ingests. For each weight of the second component: verification (the accuracy-maximising
 * threshold on pairsDevTrain.txt and the accuracy it gives on both lists), and open-set
 * identification within each list's own images (see {@link DevOpenSet}), whose rank-1 and FNIR at
 * FPIR 0.01 separate weights that verification accuracy, saturated near 0.995, cannot. Never reads
 * the 10 test folds.
 */
@Command(name = "fusion-weights", mixinStandardHelpOptions = true,
    description = "Sweep a two-model fusion's weights on LFW's development split, from each component's stored ingest.")
public final class FusionWeightsCommand implements Callable<Integer> {
  @Mixin SparkJobOptions job;

  @Mixin StoredComponents components;

  @Option(names = "--weights", split = ",", paramLabel = "W",
      defaultValue = "0,0.05,0.1,0.15,0.2,0.25,0.3,0.35,0.4,0.45,0.5,1",
      description = "Weights of the second component to try (default: ${DEFAULT-VALUE}).")
  List<Double> weights;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${ENGINE_LFW_DIR:-../shared/data/lfw}",
      description = "LFW folder with pairsDevTrain.txt and pairsDevTest.txt (default: ${DEFAULT-VALUE}).")
  Path data;

  @Override
  public Integer call() throws Exception {
    var config = job.config();
    ModelSpec fusion = components.fusion(config);
    if (fusion.fusion().components().size() != 2) {
      throw new IllegalArgumentException("--model must name a fusion of two models, " + fusion.id() + " has "
          + fusion.fusion().components().size());
    }
    Path lfw = config.home().resolve(data).normalize();
    LfwPairs train = LfwPairs.read(lfw.resolve("pairsDevTrain.txt"), lfw);
    LfwPairs test = LfwPairs.read(lfw.resolve("pairsDevTest.txt"), lfw);
    List<Map<Path, float[]>> stored = new ArrayList<>();
    try (SparkSession spark = job.session("face-engine bench fusion-weights")) {
      for (int i = 0; i < 2; i++) {
        FusionSpec.Component component = fusion.fusion().components().get(i);
        Path dir = components.ingest(config, i);
        stored.add(StoredSubjectFaces.read(spark, dir.toString(), component.model()));
        System.out.printf(Locale.ROOT, "%s: %d subject faces in %s%n", component.model(), stored.get(i).size(), dir);
      }
    }
    String second = fusion.fusion().components().get(1).model();
    System.out.printf(Locale.ROOT, "dev split: %d train, %d test pairs%n", train.pairs().size(), test.pairs().size());
    DevOpenSet trainSet = DevOpenSet.of(train);
    DevOpenSet testSet = DevOpenSet.of(test);
    System.out.println("open-set within pairsDevTrain's images: " + trainSet.summary());
    System.out.println("open-set within pairsDevTest's images: " + testSet.summary());
    System.out.printf(Locale.ROOT, "%-22s %9s %10s %9s %8s | %12s %12s | %12s %12s%n", "w_" + second, "threshold",
        "train acc", "test acc", "missing", "train rank-1", "train FNIR", "test rank-1", "test FNIR");
    for (double w : weights) {
      EmbeddingFusion fuse = new EmbeddingFusion(new double[] {1 - w, w});
      DevSplitReport report = new DevSplit(MissingPairPolicy.COUNT_AS_WRONG)
          .evaluate(score(train, stored, fuse), score(test, stored, fuse));
      IdentificationReport trainId = trainSet.evaluate(image -> fused(image, stored, fuse));
      IdentificationReport testId = testSet.evaluate(image -> fused(image, stored, fuse));
      System.out.printf(Locale.ROOT, "%-22.2f %9.4f %10.4f %9.4f %8d | %12.4f %12.4f | %12.4f %12.4f%n", w,
          report.threshold(), report.trainAccuracy(), report.testAccuracy(), report.trainMissing() + report.testMissing(),
          trainId.rank1(), trainId.fnirAtFpir(), testId.rank1(), testId.fnirAtFpir());
    }
    return 0;
  }

  private static List<ScoredPair> score(LfwPairs pairs, List<Map<Path, float[]>> stored, EmbeddingFusion fuse) {
    List<ScoredPair> scored = new ArrayList<>();
    for (LfwPair pair : pairs.pairs()) {
      float[] a = fused(pair.first(), stored, fuse);
      float[] b = fused(pair.second(), stored, fuse);
      scored.add(ScoredPair.of(pair, a == null || b == null ? OptionalDouble.empty()
          : OptionalDouble.of(DistanceMetric.COSINE.distance(a, b))));
    }
    return scored;
  }

  /** The image's fused embedding, or null when a component found no subject face in it. */
  private static float[] fused(Path image, List<Map<Path, float[]>> stored, EmbeddingFusion fuse) {
    List<float[]> parts = stored.stream().map(faces -> faces.get(StoredSubjectFaces.realPath(image))).toList();
    return parts.contains(null) ? null : fuse.fuse(parts);
  }
}
