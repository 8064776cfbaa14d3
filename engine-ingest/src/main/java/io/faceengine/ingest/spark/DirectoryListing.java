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
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files under an input, on any Hadoop file system, whose name matches the glob, as
 * {@code image_uri}s: every one of them, names starting with {@code _} or {@code .} included (Spark's
 * file index hides those, and with them Nikon's {@code _DSC0001.JPG} and whole {@code _raw/} folders).
 * No name is skipped as bookkeeping: {@code _SUCCESS}, {@code .crc} files never match an image glob.
 *
 * <p>One {@code FileSystem.listFiles(root, recursive)} on the driver: S3A answers it with a flat
 * listing of the prefix (one request per 1,000 keys, however deep the folders), HDFS's NameNode
 * from memory in batches of 1,000, so a million files list in seconds to a minute, with no Spark job
 * per folder level (which Spark's parallel listing starts, a cost of its own). The paths must reach
 * the driver anyway to be counted and partitioned; beyond tens of millions of files, give a list.
 * Links are followed as Hadoop's local file system follows them: dangling links and link loops are
 * left out here ({@link LocalFiles} finds them), FIFOs are listed (the read refuses them).
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
    if (fs instanceof LocalFileSystem local) {
      fs = local.getRawFileSystem(); // the checksummed one leaves out .crc files: list what is there
    }
    List<Path> roots = new ArrayList<>();
    if (fs.exists(given)) {
      roots.add(given);
    } else {
      FileStatus[] matched = fs.globStatus(given);
      if (matched == null || matched.length == 0) {
        throw new FileNotFoundException("no such file or directory, nor paths matching it");
      }
      for (FileStatus status : matched) {
        roots.add(status.getPath());
      }
    }
    GlobPattern names = new GlobPattern(glob);
    List<String> files = new ArrayList<>();
    for (Path root : roots) {
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
}
