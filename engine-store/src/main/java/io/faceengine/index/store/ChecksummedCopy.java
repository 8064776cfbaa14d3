package io.faceengine.index.store;

import io.faceengine.core.fault.FaultPoint;
import io.faceengine.index.GenerationManifest.ShardFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Copies files onto a file system, taking each one's SHA-256 on the way; and checksums files in place. */
final class ChecksummedCopy {
  private static final int BUFFER = 1 << 20;

  private ChecksummedCopy() {}

  /** Copies {@code source} to a new file {@code to} (closing both) and returns its entry for the manifest. */
  static ShardFile copy(FileSystem fs, InputStream source, String name, Path to) throws IOException {
    MessageDigest digest = sha256();
    long bytes = 0;
    try (InputStream in = new DigestInputStream(source, digest);
        OutputStream out = fs.create(to, false)) {
      byte[] buffer = new byte[BUFFER];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        bytes += n;
      }
    }
    FaultPoint.reach(FaultPoint.INDEX_SHARD_FILE_COPIED);
    return new ShardFile(name, bytes, HexFormat.of().formatHex(digest.digest()));
  }

  /** The SHA-256 of a file, in lower-case hex. */
  static String sha256(FileSystem fs, Path path) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(fs.open(path), digest)) {
      byte[] buffer = new byte[BUFFER];
      while (in.read(buffer) >= 0) {
        // reading feeds the digest
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
