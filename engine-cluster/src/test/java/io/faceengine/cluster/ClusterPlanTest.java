package io.faceengine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IndexConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings of the temporary index a clustering job builds, from the project's own configuration. */
class ClusterPlanTest {
  private static ClusterPlan plan(IndexConfig index) throws IOException {
    EngineConfig config = EngineConfig.load(SharedTestData.projectDir());
    return new ClusterPlan("faces", Optional.empty(), "out", ClusterPlan.DEFAULT_K, null,
        ClusterAlgorithm.CHINESE_WHISPERS, 10, false, ClusterPlan.DEFAULT_OVERSAMPLE, 100,
        ModelManifest.load(config.models().manifest()), index);
  }

  @Test
  void theTemporaryIndexHasNoMoreShardsThanTaskSlotsAndMeasuresNothingOnlyTheServiceReads() throws IOException {
    IndexConfig configured = EngineConfig.load(SharedTestData.projectDir()).index().withTemplates(true);
    ClusterPlan plan = plan(configured.with(configured.format(), configured.m(), configured.beamWidth(), 4));

    IndexConfig onTwoSlots = plan.temporaryIndexSettings(2);
    assertEquals(2, onTwoSlots.shards());
    assertEquals(0, onTwoSlots.calibrationProbes(), "no open-set threshold: clustering links by the model's rule");
    assertEquals(0, onTwoSlots.breadthProbes(), "no search breadth: clustering searches with its own oversample");
    assertFalse(onTwoSlots.templates(), "person templates would be searched as neighbours");
    assertEquals(configured.format(), onTwoSlots.format());
    assertEquals(configured.m(), onTwoSlots.m());
    assertEquals(configured.beamWidth(), onTwoSlots.beamWidth());

    assertEquals(4, plan.temporaryIndexSettings(16).shards(), "the configured count when there are more slots");
    assertEquals(1, plan.temporaryIndexSettings(0).shards());
  }
}
