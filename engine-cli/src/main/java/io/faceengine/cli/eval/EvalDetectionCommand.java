package io.faceengine.cli.eval;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.cli.EngineOptions;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.DetectorOptions;
import io.faceengine.core.detect.SecondPassDetector;
import io.faceengine.core.detect.YuNetDetector;
import io.faceengine.core.eval.HardFaces;
import io.faceengine.core.eval.HardFaces.Variant;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelStore;
import io.faceengine.core.pipeline.FacePipelineFactory;
import io.faceengine.core.pipeline.PipelineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine eval detection}: how often the detector finds no face on hard variants of LFW
 * images (rotated by +/-45 degrees, shrunk to 40-pixel faces on a 1280x960 canvas, cut to
 * half-profiles), and how often it finds a face where there is none (LFW background corners,
 * textures), with the first pass alone and with each second-pass setting.
 */
@Command(name = "detection", mixinStandardHelpOptions = true,
    description = "No-face rate of the detector on hard variants of LFW images made in memory (rotated +/-45 degrees,"
        + " 40-pixel faces on a larger canvas, half-profiles) and false faces on faceless images, first pass alone and"
        + " with each second-pass setting. Prints a table and writes a JSON report.")
public final class EvalDetectionCommand implements Callable<Integer> {
  /** The usual width of a deep-funnelled LFW face, for an image where the first pass finds none. */
  private static final double LFW_FACE_WIDTH = 100;
  private static final String FIRST_PASS = "first pass";
  private static final List<String> FACE_KINDS = List.of("original", "rotated +45", "rotated -45", "40-pixel face",
      "half-profile");
  private static final List<String> FACELESS_KINDS = List.of("LFW background corner", "texture");

  @Mixin EngineOptions engine;
  @Mixin LfwOptions lfw;

  @Option(names = "--images", paramLabel = "N", defaultValue = "500",
      description = "LFW images to transform, spread evenly over the collection (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--variant", paramLabel = "DETECTOR:UPSCALE:THRESHOLD", split = ",",
      defaultValue = "yunet-n:2:0.8,yunet-n:1:0.6,yunet-n:2:0.6,yunet-s:1:0.8,yunet-s:2:0.8,yunet-s:2:0.6",
      description = "Second-pass settings to compare: manifest detector id, upscale, score threshold (default:"
          + " ${DEFAULT-VALUE}; `bin/engine setup --all` installs yunet-s).")
  List<String> variants;

  @Option(names = "--output", paramLabel = "FILE", defaultValue = "bench/results/detection-hard-faces.json",
      description = "The JSON report (default: ${DEFAULT-VALUE}, relative to the engine's home).")
  Path output;

  /** A second-pass setting as given on the command line. */
  record SecondPassSetting(String name, String detector, float upscale, float scoreThreshold) {
    static SecondPassSetting parse(String text) {
      String[] parts = text.split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("--variant " + text + ": expected DETECTOR:UPSCALE:THRESHOLD, e.g. yunet-s:2:0.8");
      }
      try {
        return new SecondPassSetting(text, parts[0], Float.parseFloat(parts[1]), Float.parseFloat(parts[2]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--variant " + text + ": upscale and threshold must be numbers", e);
      }
    }
  }

  /** Per transform and setting: images without a face, and (face images) with a face on the known face; the pass's time. */
  private record Outcome(String kind, String setting, boolean anyFace, boolean onFace, long nanos) {}

  @Override
  public Integer call() throws Exception {
    if (images < 1) {
      throw new IllegalArgumentException("--images must be >= 1, got " + images);
    }
    EngineConfig config = engine.config().withIntraOpThreads(1);
    List<SecondPassSetting> settings = variants.stream().map(SecondPassSetting::parse).toList();
    List<Path> files = pick(lfw.dataDir(config.home()), images);
    PipelineSettings pipeline = PipelineSettings.of(config, engine.manifest());
    ModelStore store = new ModelStore(Path.of(pipeline.modelsDir()));
    DetectorOptions firstOptions = config.detection().toOptions();
    List<YuNetDetector> opened = new ArrayList<>();
    try {
      YuNetDetector first = FacePipelineFactory.createYuNet(pipeline.detector(), firstOptions, pipeline, store);
      opened.add(first);
      Map<String, SecondPassDetector> seconds = new LinkedHashMap<>();
      for (SecondPassSetting s : settings) {
        DetectorOptions options = SecondPassDetector.secondOptions(firstOptions, s.upscale(), s.scoreThreshold());
        YuNetDetector second = FacePipelineFactory.createYuNet(
            engine.manifest().select(ModelRole.DETECTOR, Optional.of(s.detector())), options, pipeline, store);
        opened.add(second);
        // Not closed itself: it would close the shared first pass; its detectors are closed below.
        seconds.put(s.name(), new SecondPassDetector(first, second, s.upscale(), firstOptions));
      }
      System.err.printf(Locale.ROOT, "detection: %d LFW images x %d variants, first pass %s, %d second-pass settings%n",
          files.size(), FACE_KINDS.size() + FACELESS_KINDS.size(), pipeline.detector().id(), settings.size());
      List<Outcome> outcomes = run(files, first, seconds);
      Map<String, Object> report = report(files.size(), pipeline.detector().id(), firstOptions, settings, outcomes);
      Path file = config.home().resolve(output);
      Files.createDirectories(file.toAbsolutePath().getParent());
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), report);
      System.out.print(table(files.size(), settings, outcomes));
      System.out.println("report: " + file);
      return 0;
    } finally {
      opened.forEach(YuNetDetector::close);
    }
  }

  /** {@code count} images spread evenly over every person's images, in name order. */
  static List<Path> pick(Path lfwDir, int count) throws IOException {
    List<Path> all;
    try (Stream<Path> files = Files.walk(lfwDir, 2)) {
      all = files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().toList();
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException(lfwDir + " holds no person folder with .jpg images");
    }
    int n = Math.min(count, all.size());
    List<Path> picked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      picked.add(all.get((int) ((long) i * all.size() / n)));
    }
    return picked;
  }

  private List<Outcome> run(List<Path> files, YuNetDetector first, Map<String, SecondPassDetector> seconds)
      throws Exception {
    ImageDecoder decoder = new ImageDecoder();
    List<Outcome> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(lfw.threads())) {
      List<Future<List<Outcome>>> futures = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        int index = i;
        futures.add(pool.submit(() -> measure(decoder, files.get(index), index, first, seconds)));
      }
      for (Future<List<Outcome>> future : futures) {
        outcomes.addAll(future.get());
      }
    }
    return outcomes;
  }

  /** Every variant of one LFW image, through the first pass and, where it finds no face, each second pass. */
  private static List<Outcome> measure(ImageDecoder decoder, Path file, int index, YuNetDetector first,
      Map<String, SecondPassDetector> seconds) throws IOException {
    List<Outcome> outcomes = new ArrayList<>();
    try (BgrImage image = decoder.decode(file)) {
      // Where the face is: the first pass's face nearest the centre, else LFW's centred face.
      double fx = image.width() / 2.0;
      double fy = image.height() / 2.0;
      double fw = LFW_FACE_WIDTH;
      Optional<DetectedFace> face = first.detect(image).stream()
          .filter(f -> f.box().x() <= fx && fx <= f.box().x() + f.box().width() && f.box().y() <= fy
              && fy <= f.box().y() + f.box().height())
          .findFirst();
      if (face.isPresent()) {
        fw = face.get().box().width();
      }
      Map<String, Variant> made = new LinkedHashMap<>();
      made.put("original", new Variant(image.mat().clone(), fx, fy));
      made.put("rotated +45", HardFaces.rotated(image.mat(), fx, fy, 45));
      made.put("rotated -45", HardFaces.rotated(image.mat(), fx, fy, -45));
      made.put("40-pixel face", HardFaces.shrunk(image.mat(), fx, fy, fw, 40, index));
      made.put("half-profile", HardFaces.halfProfile(image.mat(), fx, fy, fw, index % 2 == 0));
      made.put("LFW background corner", HardFaces.backgroundCorner(image.mat(), index % 4, 64));
      made.put("texture", HardFaces.texture(256, 256, index % 4, index));
      for (Map.Entry<String, Variant> entry : made.entrySet()) {
        Variant variant = entry.getValue();
        try (BgrImage v = new BgrImage(variant.image(), file + " (" + entry.getKey() + ")")) {
          long start = System.nanoTime();
          List<DetectedFace> firstFaces = first.detect(v);
          outcomes.add(outcome(entry.getKey(), FIRST_PASS, variant, firstFaces, System.nanoTime() - start));
          for (Map.Entry<String, SecondPassDetector> second : seconds.entrySet()) {
            start = System.nanoTime();
            List<DetectedFace> faces = firstFaces.isEmpty() ? second.getValue().secondPass(v) : firstFaces;
            long nanos = firstFaces.isEmpty() ? System.nanoTime() - start : 0;
            outcomes.add(outcome(entry.getKey(), second.getKey(), variant, faces, nanos));
          }
        }
      }
    }
    return outcomes;
  }

  private static Outcome outcome(String kind, String setting, Variant variant, List<DetectedFace> faces, long nanos) {
    boolean onFace = faces.stream().anyMatch(f -> variant.onFace(f.box().x(), f.box().y(), f.box().width(), f.box().height()));
    return new Outcome(kind, setting, !faces.isEmpty(), onFace, nanos);
  }

  /** Mean milliseconds of a pass where it ran (the second pass only runs where the first found no face). */
  private static double meanMillis(List<Outcome> outcomes, String kind, String setting) {
    return outcomes.stream().filter(o -> o.kind().equals(kind) && o.setting().equals(setting) && o.nanos() > 0)
        .mapToLong(Outcome::nanos).average().orElse(Double.NaN) / 1e6;
  }

  private static List<String> settingNames(List<SecondPassSetting> settings) {
    List<String> names = new ArrayList<>(List.of(FIRST_PASS));
    settings.forEach(s -> names.add(s.name()));
    return names;
  }

  private static long count(List<Outcome> outcomes, String kind, String setting, java.util.function.Predicate<Outcome> what) {
    return outcomes.stream().filter(o -> o.kind().equals(kind) && o.setting().equals(setting)).filter(what).count();
  }

  private Map<String, Object> report(int n, String firstDetector, DetectorOptions firstOptions,
      List<SecondPassSetting> settings, List<Outcome> outcomes) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", "bin/engine eval detection --images " + images + " --variant " + String.join(",", variants));
    json.put("machine", "2 cores, 24 GiB");
    json.put("date", LocalDate.now(ZoneOffset.UTC).toString());
    json.put("images_per_variant", n);
    json.put("first_pass", Map.of("detector", firstDetector, "options", firstOptions));
    json.put("second_pass_settings", settings);
    json.put("setup", "LFW images spread evenly over the collection; 40-pixel faces are pasted on a 1280x960 grey canvas,"
        + " which the first pass scales to 640 (faces of about 20 pixels); half-profiles keep the image up to 10% of a"
        + " face width past the face's centre, left or right by turns; background corners are 64-pixel corners"
        + " enlarged 3 times (a bystander's face may show in some); textures are blurred noise of four grain sizes."
        + " A face counts as found 'on the face' when a box contains the known face centre. mean_ms: the pass's mean"
        + " time per image where it ran (the second pass runs only where the first found no face), 2 threads on a"
        + " shared, busy machine.");
    Map<String, Object> faces = new LinkedHashMap<>();
    for (String kind : FACE_KINDS) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (String setting : settingNames(settings)) {
        long none = count(outcomes, kind, setting, o -> !o.anyFace());
        long on = count(outcomes, kind, setting, Outcome::onFace);
        row.put(setting, Map.of("no_face", none, "no_face_rate", (double) none / n, "on_face", on,
            "mean_ms", meanMillis(outcomes, kind, setting)));
      }
      faces.put(kind, row);
    }
    json.put("face_images", faces);
    Map<String, Object> faceless = new LinkedHashMap<>();
    for (String kind : FACELESS_KINDS) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (String setting : settingNames(settings)) {
        row.put(setting, Map.of("images_with_a_false_face", count(outcomes, kind, setting, Outcome::anyFace),
            "mean_ms", meanMillis(outcomes, kind, setting)));
      }
      faceless.put(kind, row);
    }
    json.put("faceless_images", faceless);
    return json;
  }

  private static String table(int n, List<SecondPassSetting> settings, List<Outcome> outcomes) {
    List<String> names = settingNames(settings);
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-28s", "no face found (of " + n + ")"));
    names.forEach(name -> out.append(String.format(Locale.ROOT, "%16s", name)));
    out.append('\n');
    for (String kind : FACE_KINDS) {
      out.append(String.format(Locale.ROOT, "%-28s", kind));
      for (String name : names) {
        long none = count(outcomes, kind, name, o -> !o.anyFace());
        out.append(String.format(Locale.ROOT, "%16s", String.format(Locale.ROOT, "%d (%.1f%%)", none, 100.0 * none / n)));
      }
      out.append('\n');
    }
    out.append(String.format(Locale.ROOT, "%-28s%n", "false faces (images of " + n + ")"));
    for (String kind : FACELESS_KINDS) {
      out.append(String.format(Locale.ROOT, "%-28s", kind));
      for (String name : names) {
        out.append(String.format(Locale.ROOT, "%16d", count(outcomes, kind, name, Outcome::anyFace)));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
