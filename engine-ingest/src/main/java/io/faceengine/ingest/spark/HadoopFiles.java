package io.faceengine.ingest.spark;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads whole files from any Hadoop file system (local, HDFS, s3a, ...), refusing oversized ones before reading. */
final class HadoopFiles {
  private HadoopFiles() {}

  static byte[] read(String uri, Configuration conf, long maxBytes) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status = fs.getFileStatus(path);
    if (status.isDirectory()) {
      throw new IOException(uri + ": is a directory");
    }
    if (status.getLen() > maxBytes) {
      throw new IOException(uri + ": " + status.getLen() + " bytes, more than engine.ingest.max-image-bytes ("
          + maxBytes + ")");
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
