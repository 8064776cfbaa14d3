package io.faceengine.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.core.config.AuditConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @TempDir Path dir;

  @Test
  void recordsAreJsonLinesWithTimeAndEventFirst() throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:15:30Z"), ZoneOffset.UTC);
    try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(dir), 1 << 20), clock)) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("token_id", null);
      fields.put("candidates", List.of("f1", "f2"));
      log.record("search", fields);
      log.record("verify", Map.of("same_person", true));
    }
    List<String> lines = Files.readAllLines(dir.resolve("audit-2026-12-03.jsonl"));
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).startsWith("{\"time\":\"2026-12-03T10:15:30Z\",\"event\":\"search\",\"token_id\":null,"),
        lines.get(0));
    assertEquals("f2", JSON.readTree(lines.get(0)).get("candidates").get(1).asText());
    assertTrue(JSON.readTree(lines.get(1)).get("same_person").asBoolean());
  }

  @Test
  void aFullFileIsFollowedByTheNextPartAndANewDayByItsOwnFile() throws IOException {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T23:59:00Z"));
    String padding = "x".repeat(600);
    try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(dir), 1024), clock)) {
      for (int i = 0; i < 5; i++) { // about 660 bytes each: two per file
        log.record("search", Map.of("n", i, "pad", padding));
      }
      clock.now = Instant.parse("2026-12-04T00:00:01Z");
      log.record("search", Map.of("n", 5));
    }
    assertEquals(List.of("audit-2026-12-03.1.jsonl", "audit-2026-12-03.2.jsonl", "audit-2026-12-03.jsonl",
        "audit-2026-12-04.jsonl"), files());
    assertEquals(List.of(0, 1), numbers("audit-2026-12-03.jsonl"));
    assertEquals(List.of(2, 3), numbers("audit-2026-12-03.1.jsonl"));
    assertEquals(List.of(4), numbers("audit-2026-12-03.2.jsonl"));
    assertEquals(List.of(5), numbers("audit-2026-12-04.jsonl"));

    // A log opened later (a restart) appends to the day's first part that is not full, never rewrites one.
    clock.now = Instant.parse("2026-12-03T23:59:30Z");
    try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(dir), 1024), clock)) {
      log.record("search", Map.of("n", 6));
    }
    assertEquals(List.of(4, 6), numbers("audit-2026-12-03.2.jsonl"));
    assertEquals(List.of(0, 1), numbers("audit-2026-12-03.jsonl"));
  }

  @Test
  void threadsWritingAtOnceLoseNoRecordAndNeverInterleave() throws Exception {
    int threads = 8;
    int each = 200;
    try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(dir), 64 * 1024));
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            log.record("search", Map.of("thread", thread, "i", i, "pad", "y".repeat(100)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    Set<String> seen = new HashSet<>();
    for (String file : files()) {
      for (String line : Files.readAllLines(dir.resolve(file))) {
        JsonNode node = JSON.readTree(line); // a torn or interleaved line would not parse
        assertTrue(seen.add(node.get("thread").asInt() + "/" + node.get("i").asInt()), line);
      }
    }
    assertEquals(threads * each, seen.size());
    assertTrue(files().size() > 1, "the 64 KiB limit split the records over several files: " + files());
  }

  @Test
  void aLogWithoutAFolderWritesNothing() throws IOException {
    AuditLog off = AuditLog.open(AuditConfig.OFF);
    assertFalse(off.enabled());
    off.record("search", Map.of("n", 1));
    assertEquals(List.of(), files());
  }

  @Test
  void aRecordThatCannotBeWrittenThrows() throws IOException {
    Path blocked = dir.resolve("blocked");
    try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(blocked), 1024))) {
      Files.delete(blocked);
      Files.writeString(blocked, "a file where the folder was");
      assertThrows(IOException.class, () -> log.record("search", Map.of("n", 1)));
    }
  }

  @Test
  void probeHashesAreSha256OfTheBytes() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ProbeHash.of(new byte[0]));
    // 1.0f is 3f 80 00 00 in IEEE 754 big-endian.
    assertEquals(ProbeHash.of(new byte[] {0x3f, (byte) 0x80, 0, 0}), ProbeHash.of(new float[] {1f}));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")).sorted().toList();
    }
  }

  private List<Integer> numbers(String file) throws IOException {
    List<Integer> n = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(file))) {
      n.add(JSON.readTree(line).get("n").asInt());
    }
    return n;
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
