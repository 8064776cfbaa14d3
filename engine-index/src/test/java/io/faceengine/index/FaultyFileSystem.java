package io.faceengine.index;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code faulty://}, for injecting one fault: when armed, the
 * first file written under a path containing {@link #arm armed text} that grows beyond some bytes fails there,
 * as a task killed in the middle of copying a shard would leave it. Spark's local mode runs tasks in
 * the test's JVM, so the test arms it directly. Register with {@code fs.faulty.impl}.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "faulty";

  private static volatile String armedPath;
  private static volatile long armedAfterBytes;
  private static volatile int faults;

  /** Fails the first file under a path containing {@code pathPart} that is written beyond {@code afterBytes}. */
  static void arm(String pathPart, long afterBytes) {
    armedAfterBytes = afterBytes;
    armedPath = pathPart;
  }

  static void disarm() {
    armedPath = null;
  }

  /** Faults injected since the class was loaded. */
  static int faults() {
    return faults;
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    FSDataOutputStream out = super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    return armedFor(f) ? new FSDataOutputStream(new Failing(out, f), null) : out;
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    FSDataOutputStream out = super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    return armedFor(f) ? new FSDataOutputStream(new Failing(out, f), null) : out;
  }

  private static boolean armedFor(Path f) {
    String part = armedPath;
    return part != null && f.toString().contains(part);
  }

  /** True for the one stream that fires the armed fault. */
  private static synchronized boolean fire() {
    if (armedPath == null) {
      return false;
    }
    armedPath = null;
    faults++;
    return true;
  }

  /** Writes through until the armed byte count, then fails like a killed task's stream. */
  private static final class Failing extends FilterOutputStream {
    private final Path path;
    private long written;

    Failing(OutputStream out, Path path) {
      super(out);
      this.path = path;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      long room = armedAfterBytes - written;
      if (len > room && fire()) {
        out.write(b, off, (int) Math.max(0, room));
        out.flush();
        throw new IOException("injected fault: task killed after " + armedAfterBytes + " bytes of " + path);
      }
      out.write(b, off, len);
      written += len;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }
  }
}
