package io.faceengine.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.testing.SharedTestData;
import org.junit.jupiter.api.Test;

/** Without an interpreter or without the script, every peer is skipped with why and the apt-get line. */
class PythonPeersTest {
  @Test
  void everyPeerIsSkippedWithoutTheInterpreter() {
    PythonPeers.Check check = new PythonPeers("/nonexistent/python3",
        SharedTestData.projectDir().resolve(PeersBenchmark.SCRIPT)).check();
    assertEquals(PythonPeers.SYSTEMS, check.missing().keySet().stream().toList());
    String line = PythonPeers.skipLine("hnswlib", check.missing().get("hnswlib"));
    assertTrue(line.contains("/nonexistent/python3") && line.endsWith("apt-get install -y python3-hnswlib python3-faiss"),
        line);
  }

  @Test
  void everyPeerIsSkippedWithoutTheScript() {
    PythonPeers.Check check = new PythonPeers("/usr/bin/python3",
        SharedTestData.projectDir().resolve("bench/peers/missing.py")).check();
    assertEquals(PythonPeers.SYSTEMS.size(), check.missing().size());
    assertTrue(check.missing().get("faiss-ivfpq").contains("missing.py"), check.missing().toString());
  }
}
