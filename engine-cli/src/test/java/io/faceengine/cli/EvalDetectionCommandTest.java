package io.faceengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.core.testing.SharedTestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval detection} on a few real LFW images: the table it prints and the JSON it writes. */
class EvalDetectionCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheTableAndWritesEveryVariantAndSetting() throws Exception {
    Path json = dir.resolve("detection.json");
    EngineCliTest.Run run = EngineCliTest.run("eval", "detection", "--data", SharedTestData.lfw().toString(),
        "--images", "3", "--variant", "yunet-n:2:0.8", "--output", json.toString(), "--threads", "2");
    String text = run.out();
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(text.contains("no face found (of 3)"), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("original") && l.contains("0 (0.0%)")), text);

    JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
    assertEquals(3, report.get("images_per_variant").asInt());
    for (String kind : List.of("original", "rotated +45", "rotated -45", "40-pixel face", "half-profile")) {
      for (String setting : List.of("first pass", "yunet-n:2:0.8")) {
        JsonNode cell = report.get("face_images").get(kind).get(setting);
        long none = cell.get("no_face").asLong();
        assertTrue(none >= 0 && none <= 3, kind + " " + setting + ": " + cell);
        assertTrue(cell.get("on_face").asLong() <= 3 - none, kind + " " + setting + ": " + cell);
      }
      // The second pass only adds faces: never more images without one than the first pass alone.
      assertTrue(report.get("face_images").get(kind).get("yunet-n:2:0.8").get("no_face").asLong()
          <= report.get("face_images").get(kind).get("first pass").get("no_face").asLong(), kind);
    }
    // Clear, centred LFW faces: all found by the first pass.
    assertEquals(3, report.get("face_images").get("original").get("first pass").get("on_face").asLong());
    assertTrue(report.get("faceless_images").has("texture"));
  }
}
