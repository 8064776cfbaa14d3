package io.faceengine.ingest.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files under an input, on any Hadoop file system, whose name matches the glob, as
 * {@code image_uri}s: every one of them, names starting with {@code _} or {@code .} included (Spark's
 * file index hides those, and with them Nikon's {@code _DSC0001.JPG} and whole {@code _raw/} folders).
 * No name is skipped as bookkeeping: {@code _SUCCESS}, {@code .crc} files never match an image glob.
 *
 * <p>Why one recursive {@code FileSystem.listFiles} on the driver rather than a listing spread over
 * the cluster: S3A answers it with a flat listing of the prefix (one request per 1,000 keys, however
 * deep the folders), which per-folder tasks could only replace by more requests; HDFS's NameNode
 * answers from memory, one call per folder and per 1,000 entries; and no Spark job is started per
 * folder level, as Spark's parallel listing does. The paths must reach the driver anyway to be
 * counted and partitioned; beyond tens of millions of files, give a list. Local disks are walked
 * with java.nio instead ({@link LocalFiles#list}).
 */
final class DirectoryListing {
  private DirectoryListing() {}

  /**
   * @param input a directory or file (plain path or URI); when no such path exists, a Hadoop glob
   *     pattern of them ({@code s3a://bucket/photos/2024-*}), as Spark's sources accept
   */
  static List<String> files(String input, String glob, Configuration conf) throws IOException {
    Path given = ImageUris.path(ImageUris.canonical(input));
    FileSystem fs = given.getFileSystem(conf);
    boolean local = fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
    GlobPattern names = new GlobPattern(glob);
    List<String> files = new ArrayList<>();
    for (Path root : roots(fs, given)) {
      if (local) {
        files.addAll(LocalFiles.list(java.nio.file.Path.of(root.toUri().getPath()), names));
        continue;
      }
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true);
      while (listing.hasNext()) {
        Path file = listing.next().getPath();
        if (names.matches(file.getName())) {
          files.add(ImageUris.of(file));
        }
      }
    }
    return files;
  }

  private static List<Path> roots(FileSystem fs, Path given) throws IOException {
    if (fs.exists(given)) {
      return List.of(given);
    }
    FileStatus[] matched = fs.globStatus(given);
    if (matched == null || matched.length == 0) {
      throw new FileNotFoundException("no such file or directory, nor paths matching it");
    }
    List<Path> roots = new ArrayList<>();
    for (FileStatus status : matched) {
      roots.add(status.getPath());
    }
    return roots;
  }
}
