package io.faceengine.ingest;

import picocli.CommandLine;

/** Entry point for {@code spark-submit --class io.faceengine.ingest.IngestMain}: the same options as {@code bin/engine ingest}. */
public final class IngestMain {
  private IngestMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestCommand()).execute(args));
  }
}
