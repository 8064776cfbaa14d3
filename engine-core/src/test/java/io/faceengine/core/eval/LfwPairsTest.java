package io.faceengine.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LfwPairsTest {
  @TempDir Path dir;

  @Test
  void readsTheRealTenFoldPairsFile() throws IOException {
    Path lfw = SharedTestData.lfw();
    LfwPairs pairs = LfwPairs.read(lfw.resolve("pairs.txt"));

    assertEquals(10, pairs.folds());
    assertEquals(6000, pairs.pairs().size());
    assertEquals(3000, pairs.samePersonCount());
    for (int fold = 0; fold < 10; fold++) {
      int f = fold;
      List<LfwPair> inFold = pairs.pairs().stream().filter(p -> p.fold() == f).toList();
      assertEquals(600, inFold.size(), "pairs in fold " + fold);
      assertEquals(300, inFold.stream().filter(LfwPair::samePerson).count(), "same pairs in fold " + fold);
    }
    // Line 2 of pairs.txt is "Abel_Pacheco 1 4"; the first mismatched pair opens fold 0's second half.
    LfwPair first = pairs.pairs().get(0);
    assertEquals(lfw.resolve("Abel_Pacheco/Abel_Pacheco_0001.jpg"), first.first());
    assertEquals(lfw.resolve("Abel_Pacheco/Abel_Pacheco_0004.jpg"), first.second());
    assertTrue(first.samePerson());
    assertFalse(pairs.pairs().get(300).samePerson());
    assertEquals(1, pairs.pairs().get(600).fold());

    List<Path> images = pairs.images();
    assertEquals(images.size(), images.stream().distinct().count());
    List<Path> missing = images.stream().filter(p -> !Files.isRegularFile(p)).toList();
    assertTrue(missing.isEmpty(), "images referenced by pairs.txt but absent: " + missing);
  }

  @ParameterizedTest
  @CsvSource({"pairsDevTrain.txt, 2200", "pairsDevTest.txt, 1000"})
  void readsTheRealDevFilesAsOneFold(String name, int count) throws IOException {
    LfwPairs pairs = LfwPairs.read(SharedTestData.lfw().resolve(name));

    assertEquals(1, pairs.folds());
    assertEquals(count, pairs.pairs().size());
    assertEquals(count / 2, pairs.samePersonCount());
    assertTrue(pairs.pairs().stream().allMatch(p -> p.fold() == 0));
    assertTrue(pairs.pairs().get(count / 2 - 1).samePerson());
    assertFalse(pairs.pairs().get(count / 2).samePerson());
  }

  @Test
  void resolvesImagesUnderTheGivenRootAndListsDistinctImagesInFirstUseOrder() throws IOException {
    Path file = write("2", "Ann\t1\t2", "Bob\t3\t1", "Ann\t2\tBob\t3", "Cy\t1\tAnn\t1");
    Path root = dir.resolve("images");

    LfwPairs pairs = LfwPairs.read(file, root);

    assertEquals(List.of(
        new LfwPair(root.resolve("Ann/Ann_0001.jpg"), root.resolve("Ann/Ann_0002.jpg"), true, 0),
        new LfwPair(root.resolve("Bob/Bob_0003.jpg"), root.resolve("Bob/Bob_0001.jpg"), true, 0),
        new LfwPair(root.resolve("Ann/Ann_0002.jpg"), root.resolve("Bob/Bob_0003.jpg"), false, 0),
        new LfwPair(root.resolve("Cy/Cy_0001.jpg"), root.resolve("Ann/Ann_0001.jpg"), false, 0)),
        pairs.pairs());
    assertEquals(List.of(root.resolve("Ann/Ann_0001.jpg"), root.resolve("Ann/Ann_0002.jpg"),
        root.resolve("Bob/Bob_0003.jpg"), root.resolve("Bob/Bob_0001.jpg"), root.resolve("Cy/Cy_0001.jpg")),
        pairs.images());
    assertThrows(UnsupportedOperationException.class, () -> pairs.pairs().clear());
  }

  @Test
  void assignsFoldsInBlocksOfMatchedThenMismatched() throws IOException {
    Path file = write("3 1", "A 1 2", "A 1 B 1", "C 1 2", "C 1 D 1", "E 1 2", "E 1 F 1", "");

    LfwPairs pairs = LfwPairs.read(file);

    assertEquals(3, pairs.folds());
    assertEquals(List.of(0, 0, 1, 1, 2, 2), pairs.pairs().stream().map(LfwPair::fold).toList());
    assertEquals(List.of(true, false, true, false, true, false),
        pairs.pairs().stream().map(LfwPair::samePerson).toList());
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', value = {
      "1 2 3|1|header",
      "x|1|positive integer, got 'x'",
      "1;A 1 2|3|ends after 1 pairs",
      "1;A 1 B 1|2|expected a matched pair",
      "1;A 1 2;A 1 2|3|expected a mismatched pair",
      "1;A 1 2;A 1 A 2|3|two different people",
      "1;A 3 3;A 1 B 2|2|two different images",
      "1;A 0 2;A 1 B 2|2|image number must be a positive integer, got '0'",
      "1;A one 2;A 1 B 2|2|got 'one'",
      "1;A 1 2;A 1 B 2;C 1 2|4|unexpected line",
      "1;;A 1 2;A 1 B 2|2|(3 fields), got 0",
  })
  void rejectsMalformedFilesNamingFileAndLine(String content, int line, String problem) throws IOException {
    Path file = write(content.split(";", -1));

    PairsFormatException e = assertThrows(PairsFormatException.class, () -> LfwPairs.read(file));

    assertEquals(file, e.file());
    assertEquals(line, e.line());
    assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void rejectsAnEmptyFile() throws IOException {
    Path file = write("", "");
    PairsFormatException e = assertThrows(PairsFormatException.class, () -> LfwPairs.read(file));
    assertEquals(1, e.line());
  }

  private Path write(String... lines) throws IOException {
    Path file = dir.resolve("pairs.txt");
    Files.writeString(file, String.join("\n", lines));
    return file;
  }
}
