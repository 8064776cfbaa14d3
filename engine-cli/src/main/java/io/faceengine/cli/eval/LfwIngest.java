package io.faceengine.cli.eval;

import io.faceengine.ingest.IngestCommand;
import io.faceengine.spark.SparkJobOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Ingests LFW, labelled by folder, with the ingest command, the evaluation's Spark options and its embedder. */
final class LfwIngest {
  private LfwIngest() {}

  /** @return the ingest's exit code */
  static int run(SparkJobOptions job, Path data, Path faces, String modelId) {
    List<String> args = new ArrayList<>(List.of("--input", data.toString(), "--output", faces.toString(), "--labels",
        "dir", "--run-id", "lfw", "--model", modelId));
    if (job.master() != null) {
      args.addAll(List.of("--master", job.master()));
    }
    if (job.configFile() != null) {
      args.addAll(List.of("--config", job.configFile().toString()));
    }
    return new CommandLine(new IngestCommand()).execute(args.toArray(String[]::new));
  }
}
