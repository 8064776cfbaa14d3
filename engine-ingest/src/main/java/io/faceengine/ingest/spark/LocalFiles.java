package io.faceengine.ingest.spark;

import io.faceengine.ingest.spark.InvalidInputException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.GlobPattern;

/**
 * Local disks through java.nio rather than Hadoop's local file system, which cannot tell whether a
 * file is a regular file (it lists a FIFO as a file that blocks whoever opens it), silently drops
 * dangling links and link loops from its listings, and forks a process per file to give a listed
 * file's permissions: the listing here and the check before a read, so that every odd entry
 * becomes an error row.
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
   * The entries under {@code root} (or {@code root} itself, a file) whose name matches the glob and
   * that are not directories once links are followed, as {@code image_uri}s: regular files, and the
   * entries that become error rows when read (FIFOs, sockets, devices, dangling links, link loops).
   * Links to folders are followed; a link back to a folder above it is not followed twice.
   *
   * @throws UncheckedIOException when a folder cannot be read, naming it
   */
  static List<String> list(Path root, GlobPattern glob) {
    List<String> found = new ArrayList<>();
    try {
      Files.walkFileTree(root, Set.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          // A dangling link or a link loop comes here with the link's own attributes.
          if (!attributes.isDirectory() && glob.matches(file.getFileName().toString())) {
            found.add(ImageUris.local(file.toAbsolutePath().toString()));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof FileSystemLoopException) {
            return FileVisitResult.CONTINUE; // a folder already being walked: its files are listed once
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e, e);
    }
    return found;
  }
}
