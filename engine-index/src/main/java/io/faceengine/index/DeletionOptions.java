package io.faceengine.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The deletion options of {@code index update} and {@code index rebuild}; mixed in with picocli. */
final class DeletionOptions {
  @Option(names = "--delete-face-id", paramLabel = "ID", arity = "1..*", description = "Delete these faces.")
  List<String> faceIds = List.of();

  @Option(names = "--delete-image-id", paramLabel = "ID", arity = "1..*",
      description = "Delete every face of these images (image_id: SHA-256 of the image bytes).")
  List<String> imageIds = List.of();

  @Option(names = "--delete-label", paramLabel = "LABEL", arity = "1..*",
      description = "Delete every face with these labels, including faces of later runs.")
  List<String> labels = List.of();

  @Option(names = "--deletions", paramLabel = "FILE",
      description = "A file of deletions, one KEY,VALUE a line, KEY being face_id, image_id or label; # comments.")
  Path file;

  /** All the deletions given. */
  Deletions deletions() throws IOException {
    Deletions given = new Deletions(faceIds, imageIds, labels);
    return file == null ? given : given.union(Deletions.readFile(file));
  }
}
