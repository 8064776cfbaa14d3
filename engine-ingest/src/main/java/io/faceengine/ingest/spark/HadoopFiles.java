package io.faceengine.ingest.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Reads whole files from any Hadoop file system (local, HDFS, s3a, ...), given their
 * {@code image_uri}; refuses oversized files, and on local disks anything but a regular file
 * (a FIFO would block the reader forever), before opening them.
 */
final class HadoopFiles {
  private HadoopFiles() {}

  static byte[] read(String uri, Configuration conf, long maxBytes) throws IOException {
    Path path = ImageUris.path(uri);
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      // The raw file system: the checksummed one looks for a ".NAME.crc" beside the image, a path
      // Hadoop cannot even build when NAME holds a colon.
      fs = local.getRawFileSystem();
    }
    if (fs instanceof RawLocalFileSystem) {
      LocalFiles.requireRegularFile(java.nio.file.Path.of(path.toUri().getPath()), uri);
    }
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new InvalidInputException(uri, InvalidInputException.Reason.NOT_FOUND, "no such file");
    }
    if (status.isDirectory()) {
      throw new IOException(uri + ": is a directory");
    }
    if (status.getLen() > maxBytes) {
      throw new InvalidInputException(uri, InvalidInputException.Reason.TOO_LARGE, status.getLen()
          + " bytes, more than engine.ingest.max-image-bytes (" + maxBytes + ")");
    }
    byte[] bytes = new byte[(int) status.getLen()];
    try (InputStream in = fs.open(path)) {
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read != bytes.length) {
        throw new IOException(uri + ": expected " + bytes.length + " bytes, read " + read);
      }
    }
    return bytes;
  }
}
