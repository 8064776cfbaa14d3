package io.faceengine.ingest.spark;

import io.faceengine.ingest.spark.InvalidInputException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.GlobPattern;

/**
 * What Hadoop's local file system cannot tell: whether a file is a regular file. Its listing
 * silently drops dangling links and link loops, and lists a FIFO as a file that blocks whoever
 * opens it; these checks find such entries so that each becomes an error row.
 */
final class LocalFiles {
  private LocalFiles() {}

  /**
   * Fails unless {@code file}, links followed, is a regular file; never opens it.
   *
   * @param input the name errors give
   */
  static void requireRegularFile(Path file, String input) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(file)) {
        throw new InvalidInputException(input, Reason.DANGLING_SYMLINK, "a symbolic link to "
            + Files.readSymbolicLink(file) + ", which does not exist");
      }
      throw new InvalidInputException(input, Reason.NOT_FOUND, "no such file");
    } catch (FileSystemException e) {
      if (Files.isSymbolicLink(file)) {
        throw new InvalidInputException(input, Reason.SYMLINK_LOOP, "a symbolic link that cannot be resolved ("
            + e.getReason() + ")");
      }
      throw e;
    }
    if (!attributes.isRegularFile()) {
      throw new InvalidInputException(input, Reason.NOT_A_REGULAR_FILE, attributes.isDirectory() ? "a directory"
          : "not a regular file (a FIFO, socket or device), not read");
    }
  }

  /**
   * The entries under {@code root} whose name matches the glob but that are neither regular files
   * nor directories once links are followed, as {@code image_uri}s.
   */
  static List<String> irregularEntries(Path root, String glob) {
    GlobPattern pattern = new GlobPattern(glob);
    List<String> found = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          boolean plain = attributes.isRegularFile() || attributes.isDirectory()
              || Files.isRegularFile(file) || Files.isDirectory(file); // a link to either is listed by Hadoop
          if (!plain && pattern.matches(file.getFileName().toString())) {
            found.add(ImageUris.local(file.toAbsolutePath().toString()));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // an unreadable folder: Hadoop's listing reports it
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + root + ": " + e.getMessage(), e);
    }
    return found;
  }
}
