package io.faceengine.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkFiles;

/**
 * Files shipped with the job ({@code spark-submit --files}): Spark puts them in the SparkFiles root
 * of the driver and of every executor (on YARN executors, the container's working directory).
 * Shipped files win over configured paths, on the driver (the model manifest) as on executors (the
 * model files), so that one submission carries a consistent set.
 */
public final class ShippedFiles {
  private ShippedFiles() {}

  /** Where shipped files land in this JVM; empty outside a running Spark application. */
  public static Optional<Path> root() {
    try {
      return Optional.of(Path.of(SparkFiles.getRootDirectory()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The shipped file with {@code configured}'s file name when there is one, else {@code configured}. */
  public static Path preferShipped(Path configured) {
    return root()
        .map(r -> r.resolve(configured.getFileName().toString()))
        .filter(Files::isRegularFile)
        .orElse(configured);
  }
}
