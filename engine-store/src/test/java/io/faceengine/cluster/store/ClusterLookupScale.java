package io.faceengine.cluster.store;

import io.faceengine.cluster.store.ClusterLookup.LabelCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.util.IOUtils;

/**
 * What a cluster lookup costs at scale (docs/clustering.md): writes a synthetic lookup of N faces
 * (default 1,000,000) in clusters of 10, then measures its size on disk, the time to open it (with its
 * checksums) and the heap it holds open, and the time of face lookups, cluster lookups and member
 * pages. Not a test: run its main with engine-store's test classpath.
 */
public final class ClusterLookupScale {
  private ClusterLookupScale() {}

  public static void main(String[] args) throws IOException {
    int faces = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int perCluster = 10;
    Path dir = Files.createTempDirectory("cluster-lookup-scale-");
    try {
      Random random = new Random(42);
      long started = System.nanoTime();
      try (ClusterLookupWriter writer = new ClusterLookupWriter(dir, "synthetic")) {
        for (int i = 0; i < faces; i++) {
          writer.addFace(faceId(i), i / perCluster, i % 2 == 0 ? "person-" + (i / perCluster) : null,
              "hdfs://nn/photos/2026/01/" + i + ".jpg");
        }
        for (int c = 0; c < faces / perCluster; c++) {
          writer.addCluster(c, perCluster, faceId(c * perCluster), 0.8 + random.nextDouble() / 10,
              List.of(new LabelCount("person-" + c, perCluster / 2)));
        }
        writer.finish();
      }
      double writeSeconds = (System.nanoTime() - started) / 1e9;
      long bytes;
      try (Stream<Path> files = Files.walk(dir)) {
        bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      long heapBefore = usedHeap();
      started = System.nanoTime();
      try (ClusterLookup lookup = ClusterLookup.open(dir)) {
        double openSeconds = (System.nanoTime() - started) / 1e9;
        long heapOpen = usedHeap() - heapBefore;
        int n = 100_000;
        for (int round = 0; round < 2; round++) { // the first round warms up
          started = System.nanoTime();
          for (int i = 0; i < n; i++) {
            lookup.face(faceId(random.nextInt(faces))).orElseThrow();
          }
          double faceMicros = (System.nanoTime() - started) / 1e3 / n;
          started = System.nanoTime();
          for (int i = 0; i < n / 10; i++) {
            lookup.cluster(random.nextInt(faces / perCluster)).orElseThrow();
          }
          double clusterMicros = (System.nanoTime() - started) / 1e3 / (n / 10);
          started = System.nanoTime();
          for (int i = 0; i < n / 10; i++) {
            lookup.members(random.nextInt(faces / perCluster), 0, perCluster);
          }
          double pageMicros = (System.nanoTime() - started) / 1e3 / (n / 10);
          if (round == 1) {
            System.out.printf(Locale.ROOT, "lookup of %,d faces, %,d clusters: written in %.1f s, %.1f MB on disk;"
                    + " opened (checksums verified) in %.2f s, %.1f MB of heap held open; face lookup %.1f us,"
                    + " cluster %.1f us, page of %d members %.1f us%n", faces, faces / perCluster, writeSeconds,
                bytes / 1e6, openSeconds, heapOpen / 1e6, faceMicros, clusterMicros, perCluster, pageMicros);
          }
        }
      }
    } finally {
      IOUtils.rm(dir);
    }
  }

  private static String faceId(int i) {
    byte[] id = new byte[16];
    new Random(i).nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
