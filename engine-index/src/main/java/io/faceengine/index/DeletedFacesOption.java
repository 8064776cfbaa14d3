package io.faceengine.index;

import io.faceengine.index.store.DeletionsNotAppliedException;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.io.PrintStream;
import java.util.SortedMap;
import picocli.CommandLine.Option;

/**
 * {@code --allow-deleted-faces}, shared by the commands that point CURRENT at an existing
 * generation (publish, rollback): without it, a generation built before later deletions is refused.
 */
final class DeletedFacesOption {
  @Option(names = "--allow-deleted-faces", negatable = false,
      description = "Serve the generation even if deletions were recorded after it was built: its files hold those"
          + " faces (searches hide them) until 'index update' removes them in a new generation.")
  boolean allow;

  /** Points CURRENT at {@code gen} (verified), saying on {@code out} which deletions it brings back when allowed. */
  long publish(GenerationStore store, long gen, PrintStream out) throws IOException {
    SortedMap<String, Deletions> missing = store.deletionsMissingFrom(gen);
    try {
      GenerationPublisher publisher = new GenerationPublisher(store);
      if (allow) {
        publisher.publishDespiteMissingDeletions(gen);
      } else {
        publisher.publish(gen);
      }
    } catch (DeletionsNotAppliedException e) {
      throw new IllegalArgumentException(e.getMessage() + ". To serve it anyway (searches hide them), pass"
          + " --allow-deleted-faces, then run 'bin/engine index update --index " + store.root() + "' to remove them in a"
          + " new generation");
    }
    if (!missing.isEmpty()) {
      out.println("warning: " + DeletionsNotAppliedException.describe(gen, missing) + " (searches hide them) until"
          + " 'bin/engine index update --index " + store.root() + "' removes them in a new generation");
    }
    return gen;
  }
}
