package io.faceengine.query;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the query service's tests: a small index of real LFW faces ({@link LfwIndex#PEOPLE},
 * {@link LfwIndex#SHARDS} shards) published once per test class under {@code root}, and the
 * embedded service over an index root on a free loopback port.
 */
abstract class LfwServiceTestCase {
  @TempDir static Path dir;
  static LfwIndex lfw;
  static Path root;

  @BeforeAll
  static void publishIndex() throws IOException {
    lfw = new LfwIndex();
    root = dir.resolve("index");
    lfw.publish(root, dir.resolve("build"), LfwIndex.PEOPLE);
  }

  @AfterAll
  static void closeIndex() {
    if (lfw != null) {
      lfw.close();
    }
  }

  /** The embedded service over {@code index} with the default configuration, on a free loopback port. */
  static EmbeddedService startEmbedded(Path index) throws IOException {
    return EmbeddedService.start(lfw.config(Optional.empty()), index.toString(), "127.0.0.1", 0);
  }
}
