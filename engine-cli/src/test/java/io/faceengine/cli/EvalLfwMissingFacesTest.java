package io.faceengine.cli;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.testing.Scenes;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval lfw} on a small pairs file in the LFW layout where two images have no face (landscapes
 * the test draws): real detector and embedder. With a missing different-person pair in every fold,
 * the old rule (a false accept at every threshold) made FAR 1e-3 unreachable and VAL 0.
 */
class EvalLfwMissingFacesTest {
  private static final String FACELESS = "No_Face";

  @TempDir Path dir;

  @Test
  void pairsWithoutAFaceLeaveValAtFarMeaningful() throws IOException {
    Path data = smallLfw();

    JsonNode wrong = evaluate(data, "COUNT_AS_WRONG");
    JsonNode excluded = evaluate(data, "EXCLUDE");

    assertEquals(1, wrong.get("missingSamePairs").asInt(), wrong.toString());
    assertEquals(2, wrong.get("missingDifferentPairs").asInt(), wrong.toString());
    // Frontal LFW faces of different people are far apart: no scored different pair is accepted.
    assertEquals(0.0, wrong.get("farMean").asDouble(), wrong.toString());
    assertEquals(0.0, excluded.get("farMean").asDouble(), excluded.toString());
    // Every scored same pair is accepted; fold 0's missing same pair is a false reject under
    // COUNT_AS_WRONG (VAL 3/4) and left out under EXCLUDE.
    assertEquals(0.75, wrong.get("folds").get(0).get("val").asDouble(), wrong.toString());
    assertEquals(1.0, wrong.get("folds").get(1).get("val").asDouble(), wrong.toString());
    assertEquals(1.0, excluded.get("valMean").asDouble(), excluded.toString());
  }

  private JsonNode evaluate(Path data, String policy) throws IOException {
    Path report = dir.resolve("report-" + policy);
    EngineCliTest.Run run = EngineCliTest.run("eval", "lfw", "--data", data.toString(), "--pairs", "pairs.txt",
        "--report", report.toString(), "--missing", policy, "--threads", "2");
    String text = run.out();
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(text.contains("no face detected: 2,"), text);
    assertTrue(Files.size(report.resolve("roc.png")) > 1000, "roc.png");
    return JsonMapper.builder().build().readTree(report.resolve("report.json").toFile());
  }

  /**
   * Two folds of 4 same-person and 4 different-person pairs. {@value #FACELESS} has two faceless
   * images: a missing same pair in fold 0 and a missing different pair in each fold.
   */
  private Path smallLfw() throws IOException {
    Path data = dir.resolve("lfw");
    for (int i = 1; i <= 2; i++) {
      Path folder = Files.createDirectories(data.resolve(FACELESS));
      try (BgrImage landscape = Scenes.landscape(250, 250)) {
        assertTrue(imwrite(folder.resolve(image(FACELESS, i)).toString(), landscape.mat()));
      }
    }
    String[][] same = {
        {"Colin_Powell", "1", "2"}, {"Tony_Blair", "1", "2"}, {"George_W_Bush", "1", "2"}, {FACELESS, "1", "2"},
        {"Donald_Rumsfeld", "1", "2"}, {"Gerhard_Schroeder", "1", "2"}, {"Ariel_Sharon", "1", "2"}, {"Hugo_Chavez", "1", "2"}};
    String[][] different = {
        {"Colin_Powell", "3", "Tony_Blair", "3"}, {"George_W_Bush", "3", "Donald_Rumsfeld", "3"},
        {"Gerhard_Schroeder", "3", "Ariel_Sharon", "3"}, {FACELESS, "1", "Hugo_Chavez", "3"},
        {"Colin_Powell", "4", "Hugo_Chavez", "4"}, {"Tony_Blair", "4", "Ariel_Sharon", "4"},
        {"George_W_Bush", "4", "Gerhard_Schroeder", "4"}, {"Donald_Rumsfeld", "4", FACELESS, "2"}};
    StringBuilder pairs = new StringBuilder("2\t4\n");
    for (int fold = 0; fold < 2; fold++) {
      for (int i = 4 * fold; i < 4 * fold + 4; i++) {
        pairs.append(String.join("\t", same[i])).append('\n');
        copy(data, same[i][0], same[i][1]);
        copy(data, same[i][0], same[i][2]);
      }
      for (int i = 4 * fold; i < 4 * fold + 4; i++) {
        pairs.append(String.join("\t", different[i])).append('\n');
        copy(data, different[i][0], different[i][1]);
        copy(data, different[i][2], different[i][3]);
      }
    }
    Files.writeString(data.resolve("pairs.txt"), pairs);
    return data;
  }

  private static void copy(Path data, String person, String number) throws IOException {
    if (person.equals(FACELESS)) {
      return;
    }
    Path target = Files.createDirectories(data.resolve(person)).resolve(image(person, Integer.parseInt(number)));
    if (!Files.exists(target)) {
      Files.copy(SharedTestData.lfw(person, Integer.parseInt(number)), target);
    }
  }

  private static String image(String person, int number) {
    return String.format(Locale.ROOT, "%s_%04d.jpg", person, number);
  }
}
