package io.faceengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The benchmarks' input: the first LFW images in name order, the same every run. */
final class LfwImageFiles {
  private LfwImageFiles() {}

  static List<Path> first(Path dir, int count) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("LFW folder " + dir + " does not exist; pass --data DIR");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir, 2)) {
      files = walk.filter(p -> p.toString().endsWith(".jpg")).sorted(Comparator.naturalOrder()).limit(count).toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .jpg images under " + dir);
    }
    return files;
  }
}
