package io.faceengine.cluster.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSizePlotTest {
  @Test
  void sizesFallInPowerOfTwoBins() {
    assertEquals(0, ClusterSizePlot.bin(1));
    assertEquals(1, ClusterSizePlot.bin(2));
    assertEquals(2, ClusterSizePlot.bin(3));
    assertEquals(2, ClusterSizePlot.bin(4));
    assertEquals(3, ClusterSizePlot.bin(5));
    assertEquals(10, ClusterSizePlot.bin(530));
    assertEquals("3-4", ClusterSizePlot.label(2));
    assertEquals("513-1024", ClusterSizePlot.label(10));
  }

  @Test
  void writesAPng(@TempDir Path dir) throws IOException {
    TreeMap<Long, Long> found = new TreeMap<>(java.util.Map.of(1L, 5000L, 2L, 700L, 529L, 1L));
    TreeMap<Long, Long> truth = new TreeMap<>(java.util.Map.of(1L, 4069L, 2L, 779L, 530L, 1L));
    Path png = dir.resolve("plots/sizes.png");
    ClusterSizePlot.write(found, truth, "test", png);
    assertTrue(Files.size(png) > 1000);
    try (BgrImage image = new ImageDecoder().decode(png)) {
      assertEquals(900, image.width());
      assertEquals(560, image.height());
    }
  }
}
