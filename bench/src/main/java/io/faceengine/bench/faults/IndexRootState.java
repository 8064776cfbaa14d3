package io.faceengine.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What an index root holds on disk: the generation {@code CURRENT} names, its faces, and leftovers of killed runs. */
record IndexRootState(String current, long docs, List<String> staleTemps, List<String> unfinished) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static IndexRootState of(Path root) throws IOException {
    Path pointer = root.resolve("CURRENT");
    String current = Files.exists(pointer) ? Files.readString(pointer).strip() : "";
    long docs = 0;
    if (!current.isEmpty()) {
      for (JsonNode shard : JSON.readTree(root.resolve(current).resolve("manifest.json").toFile()).get("shards")) {
        docs += shard.get("docs").asLong();
      }
    }
    try (Stream<Path> entries = Files.list(root)) {
      List<Path> all = entries.toList();
      List<String> temps = all.stream().map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".CURRENT.") && n.endsWith(".tmp")).sorted().toList();
      List<String> unfinished = all.stream().filter(p -> p.getFileName().toString().startsWith("gen-"))
          .filter(p -> !Files.exists(p.resolve("manifest.json"))).map(p -> p.getFileName().toString()).sorted()
          .toList();
      return new IndexRootState(current, docs, temps, unfinished);
    }
  }

  /** The generation number {@code CURRENT} names, or 0. */
  long generation() {
    return current.isEmpty() ? 0 : Long.parseLong(current.substring("gen-".length()));
  }
}
