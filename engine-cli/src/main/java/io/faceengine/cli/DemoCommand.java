package io.faceengine.cli;

import io.faceengine.cli.eval.LfwOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bin/engine demo}: the README's first command. Sets up the models, then shows the pipeline
 * on LFW: detection on one image, a same-person and a different-person verification, and the full
 * 10-fold LFW evaluation.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Set up the models, then detect, verify and run the LFW evaluation on the built-in defaults.")
final class DemoCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;
  @Mixin LfwOptions lfw;

  @Override
  public Integer call() {
    Path data = lfw.dataDir(engine.config().home());
    String a = data.resolve("Colin_Powell/Colin_Powell_0001.jpg").toString();
    String b = data.resolve("Colin_Powell/Colin_Powell_0002.jpg").toString();
    String c = data.resolve("Tony_Blair/Tony_Blair_0001.jpg").toString();
    List<String[]> steps = List.of(
        new String[] {"setup"},
        new String[] {"detect", a},
        new String[] {"verify", a, b},
        new String[] {"verify", a, c},
        new String[] {"eval", "lfw", "--data", data.toString(), "--threads", String.valueOf(lfw.threads())});
    for (String[] step : steps) {
      System.out.println("\n$ bin/engine " + String.join(" ", step));
      int code = EngineCli.commandLine().execute(withConfig(step));
      if (code != 0) {
        return code;
      }
    }
    return 0;
  }

  private String[] withConfig(String[] step) {
    List<String> args = new ArrayList<>(List.of(step));
    if (engine.configFile != null) {
      int at = "eval".equals(step[0]) ? 2 : 1;
      args.addAll(at, List.of("--config", engine.configFile.toString()));
    }
    return args.toArray(String[]::new);
  }
}
