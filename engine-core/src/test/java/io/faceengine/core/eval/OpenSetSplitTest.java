package io.faceengine.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.eval.OpenSetSplit.LabelledImage;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSetSplitTest {
  /** The first image by file name is enrolled, whatever the folder or the order given. */
  @Test
  void enrolsTheFirstImageByFileNameOfEveryoneWithTwo() {
    OpenSetSplit split = OpenSetSplit.of(Map.of(
        "A", List.of("a/A_0002.jpg", "a/A_0001.jpg", "a/A_0003.jpg"),
        "B", List.of("b/B_0001.jpg"),
        "C", List.of("/x/C_0002.jpg", "/y/C_0001.jpg"),
        "D", List.of()));
    assertEquals(3, split.people(), "D has no image");
    assertEquals(List.of(new LabelledImage("A", "a/A_0001.jpg"), new LabelledImage("C", "/y/C_0001.jpg")),
        split.enrolled());
    assertEquals(List.of(new LabelledImage("A", "a/A_0002.jpg"), new LabelledImage("A", "a/A_0003.jpg"),
        new LabelledImage("C", "/x/C_0002.jpg")), split.mated());
    assertEquals(List.of(new LabelledImage("B", "b/B_0001.jpg")), split.nonMated());
  }

  /** --enrol 2: up to two images each; a person with two or fewer gives no mated probe, one with one stays non-mated. */
  @Test
  void enrolsUpToNImagesAndProbesWithTheRest() {
    OpenSetSplit split = OpenSetSplit.of(Map.of(
        "A", List.of("a/A_0002.jpg", "a/A_0001.jpg", "a/A_0003.jpg"),
        "B", List.of("b/B_0001.jpg"),
        "C", List.of("/x/C_0002.jpg", "/y/C_0001.jpg")), 2);
    assertEquals(List.of(new LabelledImage("A", "a/A_0001.jpg"), new LabelledImage("A", "a/A_0002.jpg"),
        new LabelledImage("C", "/y/C_0001.jpg"), new LabelledImage("C", "/x/C_0002.jpg")), split.enrolled());
    assertEquals(List.of(new LabelledImage("A", "a/A_0003.jpg")), split.mated());
    assertEquals(List.of(new LabelledImage("B", "b/B_0001.jpg")), split.nonMated());
    assertEquals(2, split.enrolledPeople());
    assertEquals(1, split.probedPeople());
    assertEquals("3 people, 2 enrolled (4 images, up to 2 each), 1 mated probes (of 1 people), 1 non-mated probes",
        split.summary());
    assertEquals(OpenSetSplit.of(Map.of("A", List.of("a/A_0001.jpg", "a/A_0002.jpg"))),
        OpenSetSplit.of(Map.of("A", List.of("a/A_0001.jpg", "a/A_0002.jpg")), 1), "the default enrols one");
  }

  /** LFW: 5,749 people, 1,680 of them with two or more of the 13,233 images. */
  @Test
  void lfwCounts() throws IOException {
    OpenSetSplit split = OpenSetSplit.lfw(SharedTestData.lfw());
    assertEquals(5749, split.people());
    assertEquals(1680, split.enrolled().size());
    assertEquals(7484, split.mated().size());
    assertEquals(4069, split.nonMated().size());
    assertEquals(13233, split.enrolled().size() + split.mated().size() + split.nonMated().size());
    assertTrue(split.enrolled().contains(new LabelledImage("Aaron_Peirsol",
        SharedTestData.lfw("Aaron_Peirsol", 1).toAbsolutePath().toString())), "the first image is enrolled");
    Set<String> enrolled = new HashSet<>();
    split.enrolled().forEach(e -> enrolled.add(e.label()));
    assertTrue(split.mated().stream().allMatch(m -> enrolled.contains(m.label())), "mated persons are enrolled");
    assertTrue(split.nonMated().stream().noneMatch(m -> enrolled.contains(m.label())), "strangers are not");
    assertEquals("5749 people, 1680 enrolled (one image each), 7484 mated probes, 4069 non-mated probes",
        split.summary());
  }

  @Test
  void aFolderWithoutPeopleIsRefused(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("Only_One"));
    Files.writeString(dir.resolve("Only_One/Only_One_0001.jpg"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenSetSplit.lfw(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OpenSetSplit.lfw(dir.resolve("missing")));
  }
}
