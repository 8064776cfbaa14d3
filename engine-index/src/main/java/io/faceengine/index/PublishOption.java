package io.faceengine.index;

import picocli.CommandLine.Option;

/** {@code --no-publish}, shared by the commands that write a generation: build, update, rebuild. */
final class PublishOption {
  @Option(names = "--no-publish", negatable = false,
      description = "Complete the generation (shards verified, manifest written) without moving CURRENT to it:"
          + " check it with 'index verify --gen N', then serve it with 'index publish --gen N'.")
  boolean noPublish;

  /** Whether CURRENT moves to the new generation once it is complete. */
  boolean publish() {
    return !noPublish;
  }
}
