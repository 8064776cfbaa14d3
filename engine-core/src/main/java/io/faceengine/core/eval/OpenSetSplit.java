package io.faceengine.core.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The open-set identification split of a labelled collection (LFW for {@code eval identify}): the
 * gallery enrols up to {@code enrol} images of every person who has at least two, the first by file
 * name (one by default); that person's other images are mated probes (their person is in the
 * gallery), so a person with {@code enrol} images or fewer is enrolled whole and gives none; every
 * image of a person with only one image is a non-mated probe (a stranger to the gallery, who should
 * come back unknown). Deterministic: the same collection always gives the same split.
 *
 * @param people persons in the collection
 * @param enrol the most images enrolled per person
 * @param enrolled up to {@code enrol} images per person with two or more, sorted by label then name
 * @param mated the other images of the enrolled persons, sorted by label then name
 * @param nonMated the images of persons with a single image, sorted by label
 */
public record OpenSetSplit(int people, int enrol, List<LabelledImage> enrolled, List<LabelledImage> mated,
    List<LabelledImage> nonMated) {

  /** An image and the person it shows. */
  public record LabelledImage(String label, String image) {
    public LabelledImage {
      if (label == null || label.isEmpty() || image == null || image.isEmpty()) {
        throw new IllegalArgumentException("an image needs a label and a name, got " + label + ", " + image);
      }
    }
  }

  public OpenSetSplit {
    if (enrol < 1) {
      throw new IllegalArgumentException("at least one image per person must be enrolled, got " + enrol);
    }
    enrolled = List.copyOf(enrolled);
    mated = List.copyOf(mated);
    nonMated = List.copyOf(nonMated);
  }

  /**
   * Splits images by person. Within a person, images are ordered by {@link #fileName}, so that paths
   * or URIs of one folder order as their names do.
   *
   * @param imagesByPerson every image of each person (a person without images is ignored)
   */
  public static OpenSetSplit of(Map<String, List<String>> imagesByPerson) {
    return of(imagesByPerson, 1);
  }

  /**
   * Splits images by person, enrolling up to {@code enrol} images of each person with two or more.
   *
   * @param imagesByPerson every image of each person (a person without images is ignored)
   */
  public static OpenSetSplit of(Map<String, List<String>> imagesByPerson, int enrol) {
    if (enrol < 1) {
      throw new IllegalArgumentException("--enrol must be >= 1, got " + enrol);
    }
    List<LabelledImage> enrolled = new ArrayList<>();
    List<LabelledImage> mated = new ArrayList<>();
    List<LabelledImage> nonMated = new ArrayList<>();
    int people = 0;
    for (Map.Entry<String, List<String>> person : new TreeMap<>(imagesByPerson).entrySet()) {
      List<String> images = person.getValue().stream().distinct()
          .sorted((a, b) -> fileName(a).equals(fileName(b)) ? a.compareTo(b) : fileName(a).compareTo(fileName(b)))
          .toList();
      if (images.isEmpty()) {
        continue;
      }
      people++;
      String label = person.getKey();
      if (images.size() == 1) {
        nonMated.add(new LabelledImage(label, images.get(0)));
        continue;
      }
      int gallery = Math.min(enrol, images.size());
      images.subList(0, gallery).forEach(image -> enrolled.add(new LabelledImage(label, image)));
      images.subList(gallery, images.size()).forEach(image -> mated.add(new LabelledImage(label, image)));
    }
    return new OpenSetSplit(people, enrol, enrolled, mated, nonMated);
  }

  /**
   * The split of LFW's layout: one folder per person under {@code dir}, named after the person,
   * holding that person's {@code .jpg} images; images are named by their absolute paths.
   */
  public static OpenSetSplit lfw(Path dir) throws IOException {
    return lfw(dir, 1);
  }

  /** As {@link #lfw(Path)}, enrolling up to {@code enrol} images per person. */
  public static OpenSetSplit lfw(Path dir, int enrol) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("LFW folder " + dir + " does not exist");
    }
    Map<String, List<String>> byPerson = new TreeMap<>();
    try (Stream<Path> folders = Files.list(dir)) {
      for (Path folder : folders.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(folder)) {
          byPerson.put(folder.getFileName().toString(), files
              .filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
              .map(f -> f.toAbsolutePath().toString())
              .toList());
        }
      }
    }
    OpenSetSplit split = of(byPerson, enrol);
    if (split.enrolled().isEmpty()) {
      throw new IllegalArgumentException(dir + " holds no person folder with two or more .jpg images");
    }
    return split;
  }

  /** Persons enrolled. */
  public long enrolledPeople() {
    return enrolled.stream().map(LabelledImage::label).distinct().count();
  }

  /** Enrolled persons who give mated probes (more images than {@code enrol}). */
  public long probedPeople() {
    return mated.stream().map(LabelledImage::label).distinct().count();
  }

  /** One line of counts. */
  public String summary() {
    if (enrol == 1) {
      return people + " people, " + enrolled.size() + " enrolled (one image each), " + mated.size() + " mated probes, "
          + nonMated.size() + " non-mated probes";
    }
    return people + " people, " + enrolledPeople() + " enrolled (" + enrolled.size() + " images, up to " + enrol
        + " each), " + mated.size() + " mated probes (of " + probedPeople() + " people), " + nonMated.size()
        + " non-mated probes";
  }

  /** The last path segment of a file path or URI. */
  static String fileName(String image) {
    int slash = Math.max(image.lastIndexOf('/'), image.lastIndexOf('\\'));
    return image.substring(slash + 1);
  }
}
