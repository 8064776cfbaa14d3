package io.faceengine.index;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.index.GenerationVerifier.VerifyReport;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/engine index verify}: checksums, counts and sampled recall of a generation. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check a generation (default: CURRENT): every shard's files against the manifest's SHA-256, face"
        + " counts and dimension, then recall@10 of the sharded search against exact search on sampled indexed faces."
        + " Exit code 1 when anything is wrong or recall is below --min-recall.")
final class IndexVerifyCommand implements Callable<Integer> {
  @Option(names = "--index", paramLabel = "ROOT", required = true, description = "The index root; any Hadoop URI.")
  String root;

  @Option(names = "--gen", paramLabel = "N", description = "The generation to check (default: CURRENT's).")
  Long gen;

  @Option(names = "--probes", paramLabel = "N", defaultValue = "200",
      description = "Indexed faces searched for (default: ${DEFAULT-VALUE}).")
  int probes;

  @Option(names = "--oversample", paramLabel = "X",
      description = "Candidates fetched per wanted face before exact re-ranking (default: engine.query.oversample).")
  Integer oversampleOption;

  @Option(names = "--min-recall", paramLabel = "R", defaultValue = "0.95",
      description = "Lowest acceptable recall@10 (default: ${DEFAULT-VALUE}).")
  double minRecall;

  @Option(names = "--seed", paramLabel = "S", description = "Chooses the probes (default: random, printed).")
  Long seed;

  @Override
  public Integer call() throws IOException {
    int oversample = oversampleOption != null ? oversampleOption
        : EngineConfig.forCommand(null).query().oversample();
    if (probes < 1 || (oversampleOption != null && oversampleOption < 1)) {
      throw new IllegalArgumentException("--probes and --oversample must be >= 1, got " + probes + ", " + oversample);
    }
    GenerationStore store = new GenerationStore(new Configuration(), root);
    long target = gen != null ? gen : store.current().orElseThrow(
        () -> new IOException(store.root() + " has no " + GenerationStore.CURRENT + "; name a generation with --gen"));
    Path scratch = Files.createTempDirectory("face-index-verify-");
    try {
      VerifyReport report = new GenerationVerifier(store, scratch)
          .verify(target, probes, oversample, seed != null ? seed : System.nanoTime());
      System.out.println(report.summary());
      boolean ok = report.ok(minRecall);
      if (!ok && report.problems().isEmpty()) {
        System.out.println("recall@10 " + report.recallAt10() + " is below --min-recall " + minRecall);
      }
      return ok ? 0 : 1;
    } finally {
      try (Stream<Path> paths = Files.walk(scratch)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
