package io.faceengine.bench.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures the capacity model starts from, read from benchmark results kept in bench/results:
 * per vector format the build rate and bytes per vector ({@code bench index} at 1M faces), one
 * shard's latency and the router's overhead at 1M faces ({@code bench query --shards 1}), and each
 * format's in-process search time relative to int8 at recall@10 0.98 ({@code bench peers}).
 *
 * @param formats one entry per vector format of the index benchmark
 * @param shardLatency one 1M-face int8 shard's search latency, unloaded
 * @param routerOverhead the router's time beyond its slowest shard, per query
 * @param machine where the figures were measured, as the index benchmark's file says
 * @param sources what was read from where, for the report
 */
public record MeasuredFigures(List<FormatFigures> formats, LatencyDistribution shardLatency,
    LatencyDistribution routerOverhead, String machine, List<String> sources) {
  private static final JsonMapper JSON = new JsonMapper();

  /**
   * One vector format's figures.
   *
   * @param latencyFactor its in-process p50 at recall@10 0.98 over int8's; null when it did not reach
   *     that recall within the peers run's sweep
   */
  public record FormatFigures(String format, double vectorsPerSecondPerCore, double diskBytesPerVector,
      double ramBytesPerVector, double rerankBytesPerVector, Double latencyFactor) {}

  /**
   * Reads the three result files; {@code shardLatencies}, when given, replaces the log-normal fitted to
   * the query benchmark's p50 and p99 by measured latencies (a JSON array of milliseconds, or an object
   * with such an array under {@code latencyMs}).
   */
  public static MeasuredFigures read(Path index, Path query, Path peers, Path shardLatencies) throws IOException {
    List<String> sources = new ArrayList<>();
    JsonNode peersRoot = load(peers);
    JsonNode atRecall = field(peersRoot, "atRecall", peers);
    double int8P50 = number(field(atRecall, "lucene-int8", peers), "p50Ms", peers);
    List<FormatFigures> formats = new ArrayList<>();
    JsonNode indexRoot = load(index);
    for (JsonNode format : field(indexRoot, "formats", index)) {
      String name = text(format, "format", index);
      JsonNode peer = atRecall.get("lucene-" + name);
      Double factor = peer == null ? null : number(peer, "p50Ms", peers) / int8P50;
      formats.add(new FormatFigures(name, number(format, "vectors_per_second_per_core", index),
          number(format, "disk_bytes_per_vector", index), number(format, "ram_bytes_per_vector_search", index),
          number(format, "ram_bytes_per_vector_rerank_only", index), factor));
    }
    if (formats.isEmpty()) {
      throw new IllegalArgumentException(index + ": 'formats' lists no vector format");
    }
    sources.add(index + ": per format vectors_per_second_per_core, disk_bytes_per_vector, ram_bytes_per_vector_search,"
        + " ram_bytes_per_vector_rerank_only");
    sources.add(peers + ": atRecall lucene-<format>.p50Ms over lucene-int8's (" + String.format(Locale.ROOT, "%.3f",
        int8P50) + " ms): each format's search time relative to int8 at recall@10 0.98");

    JsonNode queryRoot = load(query);
    JsonNode row = oneShardRow(queryRoot, query);
    LatencyDistribution overhead = LatencyDistribution.logNormal(column(queryRoot, row, "fanout_overhead_p50_ms", query),
        column(queryRoot, row, "fanout_overhead_p99_ms", query));
    LatencyDistribution shard;
    if (shardLatencies != null) {
      shard = LatencyDistribution.empirical(latencies(shardLatencies));
      sources.add(shardLatencies + ": one shard's latency, " + shard.describe());
    } else {
      shard = LatencyDistribution.logNormal(column(queryRoot, row, "p50_ms", query),
          column(queryRoot, row, "p99_ms", query));
      sources.add(query + ": the 1-shard row's p50_ms and p99_ms (one shard of 1M faces, int8, through the service):"
          + " one shard's latency, " + shard.describe());
    }
    sources.add(query + ": the 1-shard row's fanout_overhead_p50_ms and _p99_ms: the router's overhead, "
        + overhead.describe());
    String machine = indexRoot.path("machine").asText("not said");
    return new MeasuredFigures(List.copyOf(formats), shard, overhead, machine, List.copyOf(sources));
  }

  /** The figures of {@code format}. */
  public FormatFigures format(String format) {
    return formats.stream().filter(f -> f.format().equals(format)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("no figures for the vector format " + format + "; measured: "
            + formats.stream().map(FormatFigures::format).toList()));
  }

  private static JsonNode oneShardRow(JsonNode root, Path file) {
    for (JsonNode row : field(root, "rows", file)) {
      if (column(root, row, "shards", file) == 1) {
        return row;
      }
    }
    throw new IllegalArgumentException(file + ": no row with shards = 1 (the one-shard latency)");
  }

  private static double column(JsonNode root, JsonNode row, String name, Path file) {
    JsonNode columns = field(root, "columns", file);
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).asText().equals(name)) {
        JsonNode value = row.get(i);
        if (value == null || !value.isNumber()) {
          throw new IllegalArgumentException(file + ": column '" + name + "' of row " + row + " is not a number");
        }
        return value.asDouble();
      }
    }
    throw new IllegalArgumentException(file + ": no column '" + name + "' in " + columns);
  }

  private static double[] latencies(Path file) throws IOException {
    JsonNode root = load(file);
    JsonNode values = root.isArray() ? root : field(root, "latencyMs", file);
    if (!values.isArray() || values.isEmpty()) {
      throw new IllegalArgumentException(file + ": expected a non-empty array of latencies in ms");
    }
    double[] latencies = new double[values.size()];
    for (int i = 0; i < latencies.length; i++) {
      if (!values.get(i).isNumber()) {
        throw new IllegalArgumentException(file + ": latency " + i + " is not a number: " + values.get(i));
      }
      latencies[i] = values.get(i).asDouble();
    }
    return latencies;
  }

  private static JsonNode load(Path file) throws IOException {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
    }
  }

  private static JsonNode field(JsonNode node, String name, Path file) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(file + ": no '" + name + "'");
    }
    return value;
  }

  private static double number(JsonNode node, String name, Path file) {
    JsonNode value = field(node, name, file);
    if (!value.isNumber()) {
      throw new IllegalArgumentException(file + ": '" + name + "' is not a number: " + value);
    }
    return value.asDouble();
  }

  private static String text(JsonNode node, String name, Path file) {
    return field(node, name, file).asText();
  }
}
