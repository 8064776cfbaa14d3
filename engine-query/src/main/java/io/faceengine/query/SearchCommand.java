package io.faceengine.query;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.core.cli.ConfigOption;
import io.faceengine.core.image.InvalidImageException;
import io.faceengine.query.SearchAnswer.ProbeFace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/engine search}: the service's search from the command line. Starts the embedded service
 * in this JVM (shard servers and router on loopback ports) and asks it, so the answer is the API's.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = "Who is in these images? For each face: one JSON line with its box, the decision (the identity,"
        + " or unknown beyond the threshold) and the top-k candidates of the index. Images that cannot be read or"
        + " have no face are reported on stderr; exit code 1 when any was.")
public final class SearchCommand implements Callable<Integer> {
  private static final JsonMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  /** One printed line: a face of one image with its answer. */
  record FaceLine(String image, int faceIndex, long generation, boolean partial, ProbeFace face) {}

  @Option(names = "--index", paramLabel = "ROOT", required = true, description = "The index root; any Hadoop URI.")
  String index;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
  List<Path> images;

  @Option(names = "--k", paramLabel = "K", description = "Candidates per face (default: engine.query.default-k).")
  Integer k;

  @Option(names = "--threshold", paramLabel = "T", description = "Decision threshold (default: the model's).")
  Float threshold;

  @Option(names = "--label", paramLabel = "L", description = "Only faces with this label.")
  String label;

  @Option(names = "--fpir", paramLabel = "F",
      description = "The false-positive identification rate the generation's calibrated threshold should give "
          + "(default: engine.index.calibration.target-fpir).")
  Double fpir;

  @Option(names = "--quality", paramLabel = "gate|ignore",
      description = "gate: a face of low quality is answered low_quality; ignore: decided like any other"
          + " (default: engine.quality.gate-searches).")
  String quality;

  @Mixin ConfigOption configOption;

  @Override
  public Integer call() throws Exception {
    SearchOptions options = new SearchOptions(k, threshold, fpir, label, quality);
    int failed = 0;
    try (EmbeddedService service = EmbeddedService.start(configOption.config(), index, "127.0.0.1", 0)) {
      for (Path image : images) {
        try {
          SearchAnswer answer = service.service().searchImage(Files.readAllBytes(image), image.toString(), options);
          for (int i = 0; i < answer.faces().size(); i++) {
            System.out.println(JSON.writeValueAsString(new FaceLine(image.toString(), i, answer.generation(),
                answer.partial(), answer.faces().get(i))));
          }
        } catch (IOException | InvalidImageException | QueryException e) {
          System.err.println("engine search: " + (e instanceof IOException ? image + ": " : "") + e.getMessage());
          failed++;
        }
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
