package io.faceengine.cluster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.cluster.store.ClusterLookup.ClusterSummary;
import io.faceengine.cluster.store.ClusterLookup.LabelCount;
import io.faceengine.cluster.store.ClusterLookup.Member;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lookup written in random order reads back sorted: members by face id, clusters by size; bad files are refused. */
class ClusterLookupTest {
  @TempDir Path dir;

  /** Cluster c has 10 - c members "f-c-i" (c in 0..9), in a shuffled order; cluster 7's members are unlabelled. */
  private ClusterLookup.Manifest write(Path lookup, long seed) throws IOException {
    List<Member> faces = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      for (int i = 0; i < 10 - c; i++) {
        faces.add(new Member("f-" + c + "-" + i, c, c == 7 ? null : "person-" + c, "file:/img/" + c + "/" + i + ".jpg"));
      }
    }
    long shuffle = seed;
    System.out.println("ClusterLookupTest seed " + shuffle);
    Collections.shuffle(faces, new Random(shuffle));
    try (ClusterLookupWriter writer = new ClusterLookupWriter(lookup, "model-x")) {
      for (Member f : faces) {
        writer.addFace(f.faceId(), f.clusterId(), f.label(), f.imageUri());
      }
      for (int c : List.of(3, 9, 0, 7, 5, 1, 8, 2, 6, 4)) {
        writer.addCluster(c, 10 - c, "f-" + c + "-0", 0.9 - c / 100.0,
            c == 7 ? List.of() : List.of(new LabelCount("person-" + c, 10 - c), new LabelCount("other", 1)));
      }
      return writer.finish();
    }
  }

  @Test
  void facesClustersAndPagesReadBack() throws IOException {
    Path lookupDir = dir.resolve("lookup");
    ClusterLookup.Manifest written = write(lookupDir, new Random().nextLong());
    assertEquals(55, written.faces());
    assertEquals(10, written.clusters());
    try (ClusterLookup lookup = ClusterLookup.open(lookupDir)) {
      assertEquals(written, lookup.manifest());
      assertEquals(10, lookup.clusterCount());
      Member face = lookup.face("f-3-4").orElseThrow();
      assertEquals(new Member("f-3-4", 3, "person-3", "file:/img/3/4.jpg"), face);
      assertEquals(null, lookup.face("f-7-1").orElseThrow().label());
      assertTrue(lookup.face("f-11-0").isEmpty());
      assertTrue(lookup.face("").isEmpty());

      ClusterSummary two = lookup.cluster(2).orElseThrow();
      assertEquals(new ClusterSummary(2, 8, "f-2-0", 0.88, List.of(new LabelCount("person-2", 8),
          new LabelCount("other", 1)), 2), two);
      assertEquals(List.of(), lookup.cluster(7).orElseThrow().labels());
      assertTrue(lookup.cluster(10).isEmpty());
      assertTrue(lookup.cluster(-1).isEmpty());
      for (int rank = 0; rank < 10; rank++) {
        assertEquals(rank, lookup.clusterAt(rank).clusterId(), "largest first");
      }
      assertThrows(IndexOutOfBoundsException.class, () -> lookup.clusterAt(10));

      List<String> all = lookup.members(0, 0, 100).stream().map(Member::faceId).toList();
      assertEquals(10, all.size());
      assertEquals(all.stream().sorted().toList(), all, "members in face id order");
      assertEquals(all.subList(3, 7), lookup.members(0, 3, 4).stream().map(Member::faceId).toList());
      assertEquals(all.subList(8, 10), lookup.members(0, 8, 4).stream().map(Member::faceId).toList());
      assertEquals(List.of(), lookup.members(0, 10, 4));
      assertEquals(List.of(), lookup.members(42, 0, 4));
      assertEquals(List.of("f-9-0"), lookup.members(9, 0, 4).stream().map(Member::faceId).toList());
    }
  }

  @Test
  void everyLookupHasItsOwnIdAndBadFilesAreRefused() throws IOException {
    ClusterLookup.Manifest a = write(dir.resolve("a"), 1);
    ClusterLookup.Manifest b = write(dir.resolve("b"), 1);
    assertNotEquals(a.id(), b.id());
    assertThrows(IllegalArgumentException.class, () -> new ClusterLookupWriter(dir.resolve("a"), "model-x"));

    IOException none = assertThrows(IOException.class, () -> ClusterLookup.open(dir.resolve("none")));
    assertTrue(none.getMessage().contains("no " + ClusterLookup.MANIFEST), none.getMessage());

    Path faces = dir.resolve("b").resolve(ClusterLookup.FACES);
    Path largest;
    try (Stream<Path> files = Files.list(faces)) {
      largest = files.filter(p -> !p.getFileName().toString().startsWith("segments")).max(
          java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
    try (RandomAccessFile file = new RandomAccessFile(largest.toFile(), "rw")) {
      file.seek(file.length() / 2);
      int x = file.read();
      file.seek(file.length() / 2);
      file.write(x ^ 0xff);
    }
    assertThrows(IOException.class, () -> ClusterLookup.open(dir.resolve("b")), "a corrupt file is refused");
  }

  @Test
  void publishedThroughHadoopAndReadInPlace() throws IOException {
    Path local = dir.resolve("local");
    ClusterLookup.Manifest written = write(local, 2);
    Path output = dir.resolve("output");
    Configuration conf = new Configuration();
    ClusterLookup.publish(conf, local, output.resolve(ClusterLookup.DIR).toUri().toString());
    assertEquals(written, ClusterLookup.readManifest(conf, output.toUri().toString()).orElseThrow());
    assertTrue(ClusterLookup.readManifest(conf, dir.resolve("elsewhere").toUri().toString()).isEmpty());
    Path inPlace = ClusterLookup.local(conf, output.toUri().toString(), written, dir.resolve("scratch"));
    assertEquals(output.resolve(ClusterLookup.DIR), inPlace);
    try (ClusterLookup lookup = ClusterLookup.open(inPlace)) {
      assertEquals(55, lookup.faceCount());
    }
  }

  @Test
  void namesAppendAndTheLatestCounts() throws IOException {
    Configuration conf = new Configuration();
    String out = dir.toUri().toString();
    assertEquals(List.of(), ClusterNames.read(conf, out));
    ClusterNames.Name first = new ClusterNames.Name(3, "Ada", "f-3-0", 7, "tester", "2026-01-01T00:00:00Z");
    ClusterNames.Name second = new ClusterNames.Name(3, "Ada Lovelace", "f-3-0", 7, "api", "2026-01-02T00:00:00Z");
    ClusterNames.append(conf, out, first);
    List<ClusterNames.Name> names = ClusterNames.append(conf, out, second);
    assertEquals(List.of(first, second), names);
    assertEquals(names, ClusterNames.read(conf, out));
    assertEquals(second, ClusterNames.latest(names).get(3L));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(ClusterNames.FILE), files.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".crc")).toList(),
          "no temporary file left");
    }
  }
}
