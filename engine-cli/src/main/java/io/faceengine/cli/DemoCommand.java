package io.faceengine.cli;

import io.faceengine.cli.eval.DemoFaces;
import io.faceengine.cli.eval.LfwOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine demo}: the README's quick start. Sets up the models, then shows the engine on
 * LFW: detection on one image, a same-person and a different-person verification, the ingest job
 * over all of LFW (Spark, local mode; a second demo skips what is already ingested), the index build
 * (a new generation of 4 shards), the 10-fold LFW evaluation, and a search of the index through the
 * query service: who is in an image. It ends with how to serve the index and the console's address.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Set up the models, then detect, verify, ingest LFW with Spark, index it, run the LFW evaluation"
        + " and search the index on the built-in defaults.")
final class DemoCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;
  @Mixin LfwOptions lfw;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Where the ingest step writes its datasets (default: reports/demo/<embedder id> under the engine's"
          + " home, one folder per model).")
  Path outputDir;

  @Override
  public Integer call() {
    Path data = lfw.dataDir(engine.config().home());
    Path output = outputDir == null ? DemoFaces.of(engine.config(), DemoFaces.embedderId(engine.config()))
        : engine.config().home().resolve(outputDir);
    String a = data.resolve("Colin_Powell/Colin_Powell_0001.jpg").toString();
    String b = data.resolve("Colin_Powell/Colin_Powell_0002.jpg").toString();
    String c = data.resolve("Tony_Blair/Tony_Blair_0001.jpg").toString();
    String probe = data.resolve("Colin_Powell/Colin_Powell_0003.jpg").toString();
    String index = output.resolve("index").toString();
    List<String[]> steps = List.of(
        new String[] {"setup"},
        new String[] {"detect", a},
        new String[] {"verify", a, b},
        new String[] {"verify", a, c},
        new String[] {"ingest", "--input", data.toString(), "--output", output.toString(), "--labels", "dir",
            "--run-id", "demo"},
        new String[] {"index", "build", "--input", output.toString(), "--output", index, "--shards", "4"},
        new String[] {"eval", "lfw", "--data", data.toString(), "--threads", String.valueOf(lfw.threads())},
        new String[] {"search", "--index", index, "--k", "3", probe});
    for (String[] step : steps) {
      System.out.println("\n$ bin/engine " + String.join(" ", step));
      int code = EngineCli.commandLine().execute(withConfig(step));
      if (code != 0) {
        return code;
      }
    }
    System.out.println("\nTo look at this index in a browser, serve it:\n  bin/engine serve --index " + index
        + "\nthen open the console at http://localhost:" + engine.config().query().port() + "/ (search, verify,"
        + " status; docs/console.md)");
    return 0;
  }

  private String[] withConfig(String[] step) {
    List<String> args = new ArrayList<>(List.of(step));
    if (engine.configFile() != null) {
      int at = "eval".equals(step[0]) || "index".equals(step[0]) ? 2 : 1; // after the subcommand's own name
      args.addAll(at, List.of("--config", engine.configFile().toString()));
    }
    return args.toArray(String[]::new);
  }
}
