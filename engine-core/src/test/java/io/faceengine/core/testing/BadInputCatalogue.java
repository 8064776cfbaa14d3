package io.faceengine.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The table "Bad-input catalogue" of {@code docs/reliability.md}: one row per kind of bad input, with
 * what ingest and the HTTP API do with it. The catalogue tests hold the table to what they observe:
 * every row of a column is tried, and every outcome matches its cell ({@code n/a} where a kind does
 * not apply).
 */
public final class BadInputCatalogue {
  public static final String INGEST = "ingest";
  public static final String API = "HTTP API";
  public static final String NOT_APPLICABLE = "n/a";
  private static final String SECTION = "## Bad-input catalogue";
  /** File names as users' files have them: right-to-left override, combining accents, emoji, zero width, 255 bytes. */
  public static final List<String> UNICODE_NAMES = List.of("\u202Egpj.exe.jpg", "e\u0301te\u0301.jpg",
      "\uD83D\uDE00.jpg", "zero\u200Bwidth.jpg", "x".repeat(251) + ".jpg");
  /** Labels (folder names, search options) a hostile user gives: markup, a Windows path climbing up, bidi, SQL. */
  public static final List<String> LABELS = List.of("<img src=x onerror=alert(1)>", "Windows\\..\\..\\etc",
      "Ro\u202Ebert", "Robert'); DROP TABLE faces;--");

  /** One row: the kind's key, what it is, and the outcome cells by column header. */
  public record Row(String kind, String input, Map<String, String> outcomes) {}

  private BadInputCatalogue() {}

  /** The rows of the table, by kind, in the document's order. */
  public static Map<String, Row> rows() {
    Path doc = SharedTestData.projectDir().resolve("docs/reliability.md");
    List<String> lines;
    try {
      lines = Files.readAllLines(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int at = lines.indexOf(SECTION);
    if (at < 0) {
      fail(doc + " has no section '" + SECTION + "'");
    }
    List<String> headers = null;
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : lines.subList(at + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (!line.startsWith("|") || line.startsWith("|---")) {
        continue;
      }
      List<String> cells = cells(line);
      if (headers == null) {
        headers = cells;
        continue;
      }
      Map<String, String> outcomes = new LinkedHashMap<>();
      for (int i = 2; i < headers.size(); i++) {
        outcomes.put(headers.get(i), cells.get(i));
      }
      String kind = cells.get(0).replace("`", "");
      if (rows.put(kind, new Row(kind, cells.get(1), outcomes)) != null) {
        fail("the kind " + kind + " appears twice in " + doc);
      }
    }
    return rows;
  }

  /**
   * Fails unless the table's column holds exactly the observed outcomes: each kind observed has a
   * row whose cell equals its outcome, and each row not {@code n/a} in the column was observed. The
   * failure lists the table's cells as they should read.
   */
  public static void assertColumn(String column, Map<String, String> observed) {
    Map<String, Row> rows = rows();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> seen : observed.entrySet()) {
      Row row = rows.get(seen.getKey());
      if (row == null) {
        problems.add("no row for `" + seen.getKey() + "` (observed: " + seen.getValue() + ")");
      } else if (!seen.getValue().equals(row.outcomes().get(column))) {
        problems.add("`" + seen.getKey() + "`: the table says '" + row.outcomes().get(column) + "', observed '"
            + seen.getValue() + "'");
      }
    }
    for (Row row : rows.values()) {
      if (!NOT_APPLICABLE.equals(row.outcomes().get(column)) && !observed.containsKey(row.kind())) {
        problems.add("`" + row.kind() + "` was not tried, the table says '" + row.outcomes().get(column) + "'");
      }
    }
    if (!problems.isEmpty()) {
      fail("docs/reliability.md, column '" + column + "' of the bad-input catalogue:\n  "
          + String.join("\n  ", new TreeSet<>(problems)));
    }
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split(" \\| ")) {
      cells.add(cell.strip());
    }
    return cells;
  }
}
