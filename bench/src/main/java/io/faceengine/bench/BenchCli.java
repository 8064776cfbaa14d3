package io.faceengine.bench;

import io.faceengine.bench.capacity.CapacityBenchmark;
import io.faceengine.bench.faults.FaultsBenchmark;
import io.faceengine.bench.fusion.FuseIngestsCommand;
import io.faceengine.bench.fusion.FusionWeightsCommand;
import io.faceengine.bench.peers.PeersBenchmark;
import io.faceengine.core.cli.CommandFailures;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/engine bench}: benchmarks that print figures. Speed targets are checked here, on
 * demand, never by timed unit tests: the machines are shared and noisy, so every benchmark runs
 * its configurations side by side in one process and reports medians and ratios.
 */
@Command(name = "engine bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures (medians over rounds, side by side in one run).",
    subcommands = {PipelineBenchmark.class, IngestBenchmark.class, GalleryCommand.class, IndexBenchmark.class,
        QueryBenchmark.class, LoadBenchmark.class, FaultsBenchmark.class, PeersBenchmark.class,
        ListingBenchmark.class, FusionWeightsCommand.class, FuseIngestsCommand.class, EmbedderSpeedBenchmark.class,
        EncryptionBenchmark.class, CapacityBenchmark.class, CommandLine.HelpCommand.class})
public final class BenchCli {
  private BenchCli() {}

  public static void main(String[] args) {
    System.exit(CommandFailures.commandLine(new BenchCli()).execute(args));
  }
}
