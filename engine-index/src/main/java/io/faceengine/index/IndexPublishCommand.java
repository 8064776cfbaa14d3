package io.faceengine.index;

import io.faceengine.index.store.GenerationRetention;
import io.faceengine.index.store.GenerationStore;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/engine index publish}: serve a generation built with --no-publish, after verifying it. */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Point CURRENT to generation N (typically built with --no-publish and checked with 'index verify"
        + " --gen N') after verifying its shards' checksums.")
final class IndexPublishCommand implements Callable<Integer> {
  @Option(names = "--index", paramLabel = "ROOT", required = true, description = "The index root; any Hadoop URI.")
  String root;

  @Option(names = "--gen", paramLabel = "N", required = true, description = "The generation to serve.")
  long gen;

  @Option(names = "--keep", paramLabel = "N",
      description = "Then delete complete generations beyond the newest N (default: keep all).")
  Integer keep;

  @Mixin DeletedFacesOption deletedFaces;

  @Override
  public Integer call() throws Exception {
    GenerationStore store = new GenerationStore(new Configuration(), root);
    String before = store.current().stream().mapToObj(g -> "gen-" + g).findFirst().orElse("none");
    deletedFaces.publish(store, gen, System.out);
    System.out.println("CURRENT: " + before + " -> gen-" + gen);
    if (keep != null) {
      System.out.println("deleted generations beyond the newest " + keep + ": " + new GenerationRetention(store).retain(keep));
    }
    return 0;
  }
}
