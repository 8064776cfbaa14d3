package io.faceengine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.core.config.AuditConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The audit log: one JSON object per line, appended to {@code DIR/audit-YYYY-MM-DD.jsonl} (the UTC
 * day of the record); a file that reaches {@code maxFileBytes} is followed by
 * {@code audit-YYYY-MM-DD.1.jsonl}, {@code .2}, and so on. Files are opened for appending only and
 * never rewritten nor deleted. Each record is one write of the whole line to the file (opened
 * {@code O_APPEND}), so records of threads and of processes sharing the folder never interleave, and
 * reaches the operating system before {@link #record} returns (it survives the JVM's death, not the
 * machine's: no fsync per record). Thread-safe.
 *
 * <p>Callers give the fields; the log adds {@code time} and {@code event} first. What goes in is the
 * caller's responsibility: never an image, an embedding or a token, only their hashes ({@link ProbeHash}).
 */
public final class AuditLog implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PREFIX = "audit-";
  private static final String SUFFIX = ".jsonl";

  private final Optional<Path> dir;
  private final long maxFileBytes;
  private final Clock clock;
  private FileChannel channel;
  private LocalDate day;
  private int part;

  private AuditLog(Optional<Path> dir, long maxFileBytes, Clock clock) {
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
    this.clock = clock;
  }

  /** The log of these settings; a log that records nothing when they name no folder. */
  public static AuditLog open(AuditConfig config) throws IOException {
    return open(config, Clock.systemUTC());
  }

  static AuditLog open(AuditConfig config, Clock clock) throws IOException {
    if (config.dir().isPresent()) {
      Files.createDirectories(config.dir().get());
    }
    return new AuditLog(config.dir(), config.maxFileBytes(), clock);
  }

  /** A log that records nothing. */
  public static AuditLog off() {
    return new AuditLog(Optional.empty(), AuditConfig.OFF.maxFileBytes(), Clock.systemUTC());
  }

  /** Whether records are written. */
  public boolean enabled() {
    return dir.isPresent();
  }

  /** Its folder, when it writes one. */
  public Optional<Path> dir() {
    return dir;
  }

  /**
   * Appends one record: {@code time} (ISO-8601, UTC), {@code event}, then {@code fields} in their
   * order (null values kept as JSON null). Throws when the line could not be written whole.
   */
  public void record(String event, Map<String, ?> fields) throws IOException {
    if (dir.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", now.toString());
    line.put("event", event);
    line.putAll(fields);
    byte[] bytes;
    try {
      bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IOException("cannot write the audit record of " + event + " as JSON: " + e.getOriginalMessage(), e);
    }
    synchronized (this) {
      FileChannel file = file(now.atZone(ZoneOffset.UTC).toLocalDate());
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      int written = file.write(buffer); // O_APPEND: one write, placed at the end whatever others wrote
      if (written != bytes.length) {
        throw new IOException("the audit log " + current() + " took " + written + " of the record's " + bytes.length
            + " bytes (disk full?)");
      }
    }
  }

  /**
   * The file for a record of {@code today}: the open one, unless the day changed, it is full, or it
   * is no longer where it was opened (moved or deleted by an operator's tool: one stat per record).
   */
  private FileChannel file(LocalDate today) throws IOException {
    if (channel != null && today.equals(day) && channel.size() < maxFileBytes && Files.exists(current())) {
      return channel;
    }
    closeChannel();
    if (!today.equals(day)) {
      day = today;
      part = 0;
    }
    while (true) { // the first part of the day not yet full (another process may have filled some)
      Path path = current();
      if (!Files.exists(path) || Files.size(path) < maxFileBytes) {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);
        return channel;
      }
      part++;
    }
  }

  private Path current() {
    return dir.orElseThrow().resolve(PREFIX + day + (part == 0 ? "" : "." + part) + SUFFIX);
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      FileChannel c = channel;
      channel = null;
      c.close();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closeChannel();
  }
}
