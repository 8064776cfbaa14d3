package io.faceengine.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small tmpfs mounted on a folder (a full disk on demand; needs root), resized and unmounted by {@code mount}. */
final class Tmpfs implements AutoCloseable {
  private final Path dir;
  private long sizeKb;

  private Tmpfs(Path dir, long sizeKb) {
    this.dir = dir;
    this.sizeKb = sizeKb;
  }

  static Tmpfs mount(Path dir, long bytes) throws IOException, InterruptedException {
    long kb = Math.max(64, bytes / 1024);
    mountCommand("mount", "-t", "tmpfs", "-o", "size=" + kb + "k", "tmpfs", dir.toString());
    return new Tmpfs(dir, kb);
  }

  long sizeKb() {
    return sizeKb;
  }

  /** A roomier disk at the same place: the rerun after a full disk. */
  void resize(long bytes) throws IOException, InterruptedException {
    long kb = bytes / 1024;
    mountCommand("mount", "-o", "remount,size=" + kb + "k", dir.toString());
  }

  @Override
  public void close() throws IOException, InterruptedException {
    mountCommand("umount", dir.toString());
  }

  static void unmountIfMounted(Path dir) throws IOException {
    try {
      if (Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(dir.toString()))) {
        mountCommand("umount", dir.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void mountCommand(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed (root is needed; --no-disk-full skips these rows): "
          + out.strip());
    }
  }
}
