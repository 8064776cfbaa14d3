package io.faceengine.index;

import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/engine index rollback}: point CURRENT back to a kept generation, after verifying it. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Point CURRENT to the previous kept generation (or --to N) after verifying its shards' checksums.")
final class IndexRollbackCommand implements Callable<Integer> {
  @Option(names = "--index", paramLabel = "ROOT", required = true, description = "The index root; any Hadoop URI.")
  String root;

  @Option(names = "--to", paramLabel = "N", description = "The generation to serve (default: the one before CURRENT).")
  Long to;

  @Mixin DeletedFacesOption deletedFaces;

  @Override
  public Integer call() throws Exception {
    GenerationStore store = new GenerationStore(new Configuration(), root);
    String before = store.current().stream().mapToObj(g -> "gen-" + g).findFirst().orElse("none");
    long now = deletedFaces.publish(store, to != null ? to : new GenerationPublisher(store).rollbackTarget(), System.out);
    System.out.println("CURRENT: " + before + " -> gen-" + now + " (kept generations: " + store.generations() + ")");
    return 0;
  }
}
