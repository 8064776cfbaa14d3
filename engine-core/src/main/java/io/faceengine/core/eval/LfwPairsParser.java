package io.faceengine.core.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses one LFW pairs file (format described on {@link LfwPairs}); one instance per file. */
final class LfwPairsParser {
  private final Path file;
  private final Path imageRoot;
  private List<String> lines;

  LfwPairsParser(Path file, Path imageRoot) {
    this.file = file;
    this.imageRoot = imageRoot;
  }

  LfwPairs parse() throws IOException {
    lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int end = lines.size();
    // Trailing blank lines are harmless (editors add them); blank lines inside the body are not.
    while (end > 0 && lines.get(end - 1).isBlank()) {
      end--;
    }
    if (end == 0) {
      throw error(1, "empty file: expected a header line 'folds pairsPerHalf' or 'pairsPerHalf'");
    }
    String[] header = fields(0);
    if (header.length < 1 || header.length > 2) {
      throw error(1, "header must be 'folds pairsPerHalf' or 'pairsPerHalf', got '" + lines.get(0) + "'");
    }
    int folds = header.length == 2 ? positive(header[0], 0, "fold count") : 1;
    int perHalf = positive(header[header.length - 1], 0, "pairs per half-fold");
    List<LfwPair> pairs = new ArrayList<>();
    int index = 1;
    for (int fold = 0; fold < folds; fold++) {
      for (int i = 0; i < 2 * perHalf; i++, index++) {
        if (index >= end) {
          throw error(index + 1, "file ends after " + (index - 1) + " pairs but the header declares "
              + folds + " fold(s) x 2 x " + perHalf + " = " + 2L * folds * perHalf);
        }
        pairs.add(i < perHalf ? matched(index, fold) : mismatched(index, fold));
      }
    }
    if (index < end) {
      throw error(index + 1, "unexpected line after the " + (index - 1) + " pairs the header declares: '"
          + lines.get(index) + "'");
    }
    return new LfwPairs(file, folds, pairs);
  }

  private LfwPair matched(int index, int fold) throws PairsFormatException {
    String[] f = fields(index);
    if (f.length != 3) {
      throw error(index + 1, "expected a matched pair 'Name n1 n2' (3 fields), got " + f.length + ": '" + lines.get(index) + "'");
    }
    int a = positive(f[1], index, "image number");
    int b = positive(f[2], index, "image number");
    if (a == b) {
      throw error(index + 1, "a matched pair must name two different images, got " + a + " twice");
    }
    return new LfwPair(image(f[0], a), image(f[0], b), true, fold);
  }

  private LfwPair mismatched(int index, int fold) throws PairsFormatException {
    String[] f = fields(index);
    if (f.length != 4) {
      throw error(index + 1, "expected a mismatched pair 'Name1 n1 Name2 n2' (4 fields), got " + f.length + ": '" + lines.get(index) + "'");
    }
    if (f[0].equals(f[2])) {
      throw error(index + 1, "a mismatched pair must name two different people, got " + f[0] + " twice");
    }
    return new LfwPair(image(f[0], positive(f[1], index, "image number")),
        image(f[2], positive(f[3], index, "image number")), false, fold);
  }

  private Path image(String person, int number) {
    return imageRoot.resolve(person).resolve(String.format(java.util.Locale.ROOT, "%s_%04d.jpg", person, number));
  }

  private String[] fields(int index) {
    String line = lines.get(index).strip();
    return line.isEmpty() ? new String[0] : line.split("\\s+");
  }

  private int positive(String text, int index, String what) throws PairsFormatException {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the line
    }
    throw error(index + 1, what + " must be a positive integer, got '" + text + "'");
  }

  private PairsFormatException error(int lineNumber, String problem) {
    return new PairsFormatException(file, lineNumber, problem);
  }
}
