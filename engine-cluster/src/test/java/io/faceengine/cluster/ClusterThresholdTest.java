package io.faceengine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The threshold rule on the real model manifest, and the range every threshold must lie in. */
class ClusterThresholdTest {
  private static ModelSpec embedder() throws IOException {
    EngineConfig config = EngineConfig.load(SharedTestData.projectDir());
    return ModelManifest.load(config.models().manifest()).select(ModelRole.EMBEDDER, config.models().embedder());
  }

  @Test
  void defaultIsTheManifestsRuleAndSimilarityMatchesTheDistance() throws IOException {
    ModelSpec model = embedder();
    ClusterThreshold t = ClusterThreshold.of(model, null);
    assertEquals(ClusterThreshold.rule(model), t.distance());
    assertEquals(model.metric().similarity(t.distance()), t.similarity(), 1e-6f);
    assertEquals(t.distance(), model.metric().distanceAt(t.similarity()), 1e-4f);
  }

  @Test
  void anOverrideWins() throws IOException {
    assertEquals(0.35f, ClusterThreshold.of(embedder(), 0.35f).distance());
  }

  @Test
  void aThresholdOutsideTheMetricsRangeIsRefused() throws IOException {
    ModelSpec model = embedder();
    for (float bad : new float[] {0f, -0.1f, 2.5f, Float.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterThreshold.of(model, bad));
      assertTrue(e.getMessage().contains("outside the range"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> new ClusterPlan("faces", Optional.empty(), "out", 30, bad,
          ClusterAlgorithm.CHINESE_WHISPERS, 10, false, 3, 100, ModelManifest.load(
              EngineConfig.load(SharedTestData.projectDir()).models().manifest()),
          EngineConfig.load(SharedTestData.projectDir()).index()));
      assertTrue(e.getMessage().contains("outside the range"), e.getMessage());
    }
  }
}
