package io.faceengine.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.bench.peers.SystemResult.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a sweep at the target recall, and the last line built from it. */
class AtRecallTest {
  private static Setting setting(String name, double recall, double p50, double qps) {
    return new Setting(name, 0, recall, p50, p50 * 2, 1, qps);
  }

  @Test
  void interpolatesBetweenTheSettingsAroundTheTarget() {
    List<Setting> sweep = List.of(setting("ef=50", 0.90, 0.1, 5000), setting("ef=100", 0.97, 0.2, 3000),
        setting("ef=200", 0.99, 0.4, 2000), setting("ef=300", 0.995, 0.6, 1500));
    AtRecall at = AtRecall.of(sweep, 0.98).orElseThrow();
    assertEquals(2500, at.queriesPerSecond(), 1e-6); // halfway from 0.97 to 0.99
    assertEquals(0.3, at.p50Ms(), 1e-9);
    assertTrue(at.how().startsWith("ef=100 (0.9700) .. ef=200 (0.9900)"), at.how());
  }

  @Test
  void takesTheNarrowestSettingWhenItAlreadyReachesTheTargetAndNoneWhenNothingDoes() {
    AtRecall first = AtRecall.of(List.of(setting("a", 0.985, 0.1, 9000), setting("b", 0.999, 0.2, 5000)), 0.98)
        .orElseThrow();
    assertEquals(9000, first.queriesPerSecond());
    assertTrue(AtRecall.of(List.of(setting("a", 0.5, 0.1, 9000), setting("b", 0.97, 0.2, 5000)), 0.98).isEmpty());
  }

  @Test
  void lastLineComparesTheDefaultFormatWithHnswlibAndSaysNaForWhatIsMissing() {
    SystemResult lucene = new SystemResult("lucene-int8", "", 100, 1, 1000, 200, "",
        List.of(setting("oversample=10", 0.97, 1.0, 800), setting("oversample=20", 0.99, 1.4, 600)), "");
    SystemResult hnswlib = new SystemResult("hnswlib", "", 50, 1, 4000, 600, "",
        List.of(setting("ef=100", 0.97, 0.3, 3000), setting("ef=200", 0.99, 0.5, 2000)), "");
    SystemResult service = new SystemResult("service-1-client", "", 100, 1, 1000, 200, "",
        List.of(setting("oversample=10", 0.96, 3.0, 300), setting("oversample=20", 0.98, 3.5, 250)), "");
    List<SystemResult> all = List.of(lucene, service, hnswlib);
    assertEquals("at recall@10 0.98: lucene/hnswlib q/s 0.28, build 0.25; service p50 3.50 ms",
        PeersReport.lastLine(all, PeersReport.atRecall(all, 0.98), "lucene-int8", 10, 0.98));
    List<SystemResult> noPeers = List.of(lucene, service);
    assertEquals("at recall@10 0.98: lucene/hnswlib q/s n/a, build n/a; service p50 3.50 ms",
        PeersReport.lastLine(noPeers, PeersReport.atRecall(noPeers, 0.98), "lucene-int8", 10, 0.98));
  }
}
