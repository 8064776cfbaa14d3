package io.faceengine.index;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Faces to remove from the index for good, by any of three keys: a face's {@code face_id}, every
 * face of an image ({@code image_id}) or every face with a {@code label}. Once recorded in the
 * deletion ledger they are applied by every later update and build, so a deleted face never comes
 * back from the faces dataset. Values are kept sorted and without repeats.
 */
public record Deletions(List<String> faceIds, List<String> imageIds, List<String> labels)
    implements java.io.Serializable {
  public static final Deletions NONE = new Deletions(List.of(), List.of(), List.of());

  public Deletions {
    faceIds = sortedDistinct("face_id", faceIds);
    imageIds = sortedDistinct("image_id", imageIds);
    labels = sortedDistinct("label", labels);
  }

  @JsonIgnore // a property of the value, not a field of the ledger's JSON
  public boolean isEmpty() {
    return faceIds.isEmpty() && imageIds.isEmpty() && labels.isEmpty();
  }

  /** Every key of both. */
  public Deletions union(Deletions other) {
    return new Deletions(concat(faceIds, other.faceIds), concat(imageIds, other.imageIds), concat(labels, other.labels));
  }

  /** The union of many. */
  public static Deletions unionOf(Collection<Deletions> all) {
    Deletions union = NONE;
    for (Deletions d : all) {
      union = union.union(d);
    }
    return union;
  }

  /** e.g. "2 face_id, 1 image_id, 0 label". */
  public String describe() {
    return String.format(Locale.ROOT, "%d face_id, %d image_id, %d label", faceIds.size(), imageIds.size(),
        labels.size());
  }

  /**
   * Reads a deletions file: one {@code KEY,VALUE} per line, KEY being {@code face_id},
   * {@code image_id} or {@code label}; the value is the rest of the line. Blank lines and lines
   * starting with {@code #} are skipped.
   */
  public static Deletions readFile(Path file) throws IOException {
    List<String> faces = new ArrayList<>();
    List<String> images = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int comma = line.indexOf(',');
      String key = comma < 0 ? line : line.substring(0, comma).strip();
      String value = comma < 0 ? "" : line.substring(comma + 1).strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected KEY,VALUE, got '" + line + "'");
      }
      switch (key) {
        case "face_id" -> faces.add(value);
        case "image_id" -> images.add(value);
        case "label" -> labels.add(value);
        default -> throw new IllegalArgumentException(file + " line " + (i + 1) + ": unknown key '" + key
            + "' (face_id, image_id or label)");
      }
    }
    return new Deletions(faces, images, labels);
  }

  private static List<String> sortedDistinct(String key, List<String> values) {
    TreeSet<String> sorted = new TreeSet<>();
    for (String value : values == null ? List.<String>of() : values) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("a deletion by " + key + " needs a value, got '" + value + "'");
      }
      sorted.add(value);
    }
    return List.copyOf(sorted);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
