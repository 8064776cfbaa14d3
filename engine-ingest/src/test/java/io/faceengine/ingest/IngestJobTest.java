package io.faceengine.ingest;

import static org.bytedeco.opencv.global.opencv_core.hconcat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.IngestConfig;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageEncoder;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.testing.Degraded;
import io.faceengine.core.testing.Scenes;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.SparkJobTestCase;
import io.faceengine.ingest.spark.ImageUris;
import io.faceengine.ingest.spark.RunCommitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest job in local-mode Spark with the real models, on a small folder of good and bad inputs. */
class IngestJobTest extends SparkJobTestCase {
  private static EngineConfig config;
  private static PipelineSettings pipeline;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    Path home = SharedTestData.projectDir();
    config = EngineConfig.load(home);
    ModelManifest manifest = ModelManifest.load(config.models().manifest());
    SharedTestData.model(manifest.defaultModel(ModelRole.EMBEDDER).file());
    pipeline = PipelineSettings.of(config, manifest);
  }

  /**
   * Two people (2 + 1 images), a two-face image, a faceless scene, a truncated JPEG, a zero-byte
   * file and a text file renamed .jpg: 8 files, every one accounted for, read back row by row.
   */
  @Test
  void everyInputIsAccountedForAndRowsAreComplete() throws IOException {
    Path input = inputFolder();
    IngestSummary summary = run(plan(input, "run-a", 50_000));
    assertEquals(8, summary.read());
    assertEquals(4, summary.withFaces());
    assertEquals(1, summary.withoutFace());
    assertEquals(3, summary.errors());

    Map<String, Row> images = byName(spark.read().parquet(dir.resolve("out/images").toString()).collectAsList());
    assertEquals(8, images.size());
    assertEquals("faces", images.get("Colin_Powell_0001.jpg").getAs("outcome"));
    assertEquals("Colin_Powell", images.get("Colin_Powell_0002.jpg").getAs("label"));
    assertEquals(2, (int) images.get("two_faces.png").getAs("face_count"));
    assertEquals("no_face", images.get("landscape.png").getAs("outcome"));
    assertEquals("invalid_image/truncated", images.get("truncated.jpg").getAs("error_class"));
    assertEquals("invalid_image/empty", images.get("empty.jpg").getAs("error_class"));
    assertEquals("invalid_image/unsupported_format", images.get("notes.jpg").getAs("error_class"));
    assertTrue(((String) images.get("notes.jpg").getAs("error_message")).contains("notes.jpg"));
    for (Row image : images.values()) {
      assertEquals(64, ((String) image.getAs("image_id")).length());
      assertEquals(pipeline.embedder().id(), image.getAs("model_id"));
      assertEquals("run-a", image.getAs("run_id"));
    }

    List<Row> faces = spark.read().parquet(dir.resolve("out/faces").toString()).collectAsList();
    assertEquals(6, faces.size(), "3 portraits + 2 in the pair + ... one each for Blair");
    Set<String> faceIds = new HashSet<>();
    for (Row face : faces) {
      assertTrue(faceIds.add(face.getAs("face_id")), "face_id is unique");
      List<Float> embedding = face.getList(face.fieldIndex("embedding"));
      assertEquals(pipeline.embedder().outputDimension(), embedding.size());
      double norm = embedding.stream().mapToDouble(v -> v * v).sum();
      assertEquals(1.0, Math.sqrt(norm), 1e-4);
      assertEquals(10, face.getList(face.fieldIndex("landmarks")).size());
      Row box = face.getStruct(face.fieldIndex("box"));
      assertTrue(box.getFloat(2) > 20 && box.getFloat(3) > 20, box.toString());
      assertTrue((float) face.getAs("det_score") >= config.detection().scoreThreshold());
      assertEquals(images.get(name(face.getAs("image_uri"))).<String>getAs("image_id"), face.<String>getAs("image_id"));
    }
    // The image's label goes to its subject (the central face) only, never to a bystander.
    for (Row face : faces) {
      Row image = images.get(name(face.getAs("image_uri")));
      boolean subject = face.getAs("subject");
      assertEquals(subject ? image.<String>getAs("label") : null, face.<String>getAs("label"), face.toString());
    }
    List<Row> pair = faces.stream().filter(f -> name(f.getAs("image_uri")).equals("two_faces.png")).toList();
    assertEquals(1, pair.stream().filter(f -> f.<Boolean>getAs("subject")).count(), "one subject in the pair");
    assertTrue(faces.stream().filter(f -> name(f.getAs("image_uri")).startsWith("Colin_Powell"))
        .allMatch(f -> f.<Boolean>getAs("subject") && "Colin_Powell".equals(f.getAs("label"))));
  }

  /**
   * A sharp portrait and three copies made poor (blurred, shrunk to a 20-pixel face, turned by 45
   * degrees): every face is kept, the poor ones flagged with their reasons.
   */
  @Test
  void facesOfLowQualityAreKeptAndFlagged() throws IOException {
    Path folder = dir.resolve("quality/Colin_Powell");
    Path sharp = Degraded.writeSharpAndBlurred(folder);
    Files.write(folder.resolve("small.png"), Degraded.shrunk(SharedTestData.lfw("Tony_Blair", 1)));
    Files.write(folder.resolve("rotated.png"), Degraded.rotated(sharp));
    run(plan(dir.resolve("quality"), "run-q", 50_000));

    Map<String, Row> faces = byName(spark.read().parquet(dir.resolve("out/faces").toString())
        .filter("subject").collectAsList());
    assertEquals(Set.of("sharp.jpg", "blurred.png", "small.png", "rotated.png"), faces.keySet());
    assertEquals(List.of(), reasons(faces.get("sharp.jpg")));
    assertTrue(faces.get("sharp.jpg").<Boolean>getAs(FacesSchema.QUALITY_OK));
    assertEquals(List.of("blurred"), reasons(faces.get("blurred.png")));
    assertTrue(reasons(faces.get("small.png")).contains("small_face"), reasons(faces.get("small.png")).toString());
    assertEquals(List.of("roll"), reasons(faces.get("rotated.png")));
    for (String poor : List.of("blurred.png", "small.png", "rotated.png")) {
      assertEquals(false, faces.get(poor).getAs(FacesSchema.QUALITY_OK), poor);
      assertEquals(pipeline.embedder().outputDimension(), faces.get(poor).getList(
          faces.get(poor).fieldIndex(FacesSchema.EMBEDDING)).size(), poor + " is kept with its embedding");
    }
  }

  private static List<String> reasons(Row face) {
    return face.getList(face.fieldIndex(FacesSchema.QUALITY_REASONS));
  }

  @Test
  void aSecondRunAddsNothing() throws IOException {
    Path input = inputFolder();
    run(plan(input, "run-a", 50_000));
    long images = spark.read().parquet(dir.resolve("out/images").toString()).count();
    long faces = spark.read().parquet(dir.resolve("out/faces").toString()).count();
    IngestSummary again = run(plan(input, "run-b", 50_000));
    assertEquals(0, again.read());
    assertEquals(8, again.skipped());
    assertEquals(images, spark.read().parquet(dir.resolve("out/images").toString()).count());
    assertEquals(faces, spark.read().parquet(dir.resolve("out/faces").toString()).count());
    assertTrue(Files.notExists(dir.resolve("out/images/run_id=run-b")), "an empty run commits nothing");
  }

  /** A run that dies after its first committed batch is completed by the next, without duplicates. */
  @Test
  void aKilledRunIsCompletedWithoutDuplicates() throws IOException {
    Path input = inputFolder();
    IngestPlan small = plan(input, "run-k", 3); // 8 images: several commit batches
    RuntimeException crash = assertThrows(RuntimeException.class, () -> new IngestJob(spark, small, quiet(), batch -> {
      throw new IllegalStateException("injected crash after batch " + batch);
    }, RunCommitter.Fault.NONE).run());
    assertTrue(crash.getMessage().contains("injected crash"));
    long committed = spark.read().parquet(dir.resolve("out/images").toString()).count();
    assertTrue(committed > 0 && committed < 8, "one batch committed before the crash: " + committed);

    IngestSummary rest = run(small);
    assertEquals(8 - committed, rest.read());
    List<Row> images = spark.read().parquet(dir.resolve("out/images").toString()).collectAsList();
    assertEquals(8, images.size());
    assertEquals(8, images.stream().map(r -> r.<String>getAs("image_id")).distinct().count(), "no duplicates");
    long faces = spark.read().parquet(dir.resolve("out/faces").toString()).count();
    long distinctFaces = spark.read().parquet(dir.resolve("out/faces").toString()).select("face_id").distinct().count();
    assertEquals(6, faces);
    assertEquals(faces, distinctFaces);
  }

  /**
   * File and folder names with characters that URIs escape or reserve: every face is ingested once,
   * its image_uri names the same file again, its folder's name is its label, and a re-run adds nothing.
   */
  @Test
  void oddFileAndFolderNamesAreIngestedOnceAndReadBack() throws Exception {
    Path in = dir.resolve("in odd");
    Path odd = Files.createDirectories(in.resolve("George W Bush #1"));
    List<String> names = List.of("with space.jpg", "hash#1.jpg", "question?.jpg", "percent%41.jpg", "brackets[1].jpg",
        "braces{a}.jpg", "backslash\\x.jpg", "colon:1.jpg", "new\nline.jpg", "caf\u00e9 %20.jpg");
    Map<String, Path> byName = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Path file = odd.resolve(names.get(i));
      Files.copy(SharedTestData.lfw("George_W_Bush", i + 1), file);
      byName.put(names.get(i), file);
    }
    Path spaced = Files.createDirectories(in.resolve("Colin Powell"));
    Files.copy(SharedTestData.lfw("Colin_Powell", 1), spaced.resolve("Colin_Powell_0001.jpg"));
    byName.put("Colin_Powell_0001.jpg", spaced.resolve("Colin_Powell_0001.jpg"));

    IngestSummary summary = run(plan(in, "run-odd", 50_000));
    List<Row> images = spark.read().parquet(dir.resolve("out/images").toString()).collectAsList();
    assertEquals(11, summary.read(), summary.line());
    assertEquals(0, summary.errors(), summary.line() + ": " + images);
    assertEquals(11, images.size());
    for (Row image : images) {
      String uri = image.getAs("image_uri");
      Path file = Path.of(ImageUris.path(uri).toUri().getPath());
      assertTrue(byName.containsValue(file), "image_uri " + uri + " names a file of the input: " + file);
      assertEquals(sha256(Files.readAllBytes(file)), image.getAs("image_id"), uri);
      assertEquals(file.getParent().getFileName().toString(), image.getAs("label"), uri);
    }
    assertEquals(11, spark.read().parquet(dir.resolve("out/faces").toString()).select("image_id").distinct().count());

    IngestSummary again = run(plan(in, "run-odd-2", 50_000));
    assertEquals(0, again.read());
    assertEquals(11, again.skipped());

    // A list of plain paths names the same images under the same image_uri.
    Path list = dir.resolve("list.txt");
    Files.writeString(list, byName.get("with space.jpg") + "\n" + byName.get("hash#1.jpg") + "\n"
        + byName.get("percent%41.jpg").toUri() + "\n");
    IngestPlan listed = new IngestPlan(List.of(), Optional.of(list.toString()), dir.resolve("out-list").toString(),
        IngestPlan.Labels.parse("none"), "run-list", config.ingest(), pipeline);
    assertEquals(3, run(listed).withFaces());
    Set<String> fromList = new HashSet<>();
    spark.read().parquet(dir.resolve("out-list/images").toString()).collectAsList()
        .forEach(r -> fromList.add(r.getAs("image_uri")));
    Set<String> fromListing = new HashSet<>();
    images.stream().filter(r -> Set.of("with space.jpg", "hash#1.jpg", "percent%41.jpg")
        .contains(ImageUris.path(r.getAs("image_uri")).getName())).forEach(r -> fromListing.add(r.getAs("image_uri")));
    assertEquals(fromListing, fromList);
  }

  /** A FIFO, a dangling link and a link loop beside a good image: no hang, an error row each, the image ingested. */
  @Test
  void irregularFilesBecomeErrorRowsWithoutBlocking() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in/Tony_Blair"));
    Files.copy(SharedTestData.lfw("Tony_Blair", 1), in.resolve("Tony_Blair_0001.jpg"));
    Process mkfifo = new ProcessBuilder("mkfifo", in.resolve("pipe.jpg").toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    Files.createSymbolicLink(in.resolve("dangling.jpg"), in.resolve("missing.jpg"));
    Files.createSymbolicLink(in.resolve("loop-a.jpg"), in.resolve("loop-b.jpg"));
    Files.createSymbolicLink(in.resolve("loop-b.jpg"), in.resolve("loop-a.jpg"));

    IngestSummary summary = assertTimeoutPreemptively(java.time.Duration.ofMinutes(3),
        () -> run(plan(dir.resolve("in"), "run-fifo", 50_000)), "ingest blocked on the FIFO");
    assertEquals(5, summary.read(), summary.line());
    assertEquals(1, summary.withFaces());
    Map<String, Row> images = byName(spark.read().parquet(dir.resolve("out/images").toString()).collectAsList());
    assertEquals("invalid_input/not_a_regular_file", images.get("pipe.jpg").getAs("error_class"));
    assertEquals("invalid_input/dangling_symlink", images.get("dangling.jpg").getAs("error_class"));
    assertEquals("invalid_input/symlink_loop", images.get("loop-a.jpg").getAs("error_class"));
    assertEquals("invalid_input/symlink_loop", images.get("loop-b.jpg").getAs("error_class"));
    for (String name : List.of("pipe.jpg", "dangling.jpg", "loop-a.jpg")) {
      assertTrue(((String) images.get(name).getAs("error_message")).contains(name), images.get(name).toString());
    }
  }

  /**
   * Killed inside a batch commit, after the images ledger's rename and before the faces': no reader
   * sees a face whose image is not in the ledger, and the next run completes the batch.
   */
  @Test
  void aCommitKilledBetweenItsRenamesLeavesNoFaceOutsideTheLedger() throws IOException {
    Path input = inputFolder();
    IngestPlan plan = plan(input, "run-cut", 50_000);
    RunCommitter.Fault fault = step -> {
      throw new IllegalStateException("injected crash after " + step);
    };
    assertThrows(IllegalStateException.class, () -> new IngestJob(spark, plan, quiet(), batch -> {}, fault).run());
    Set<String> ledger = new HashSet<>();
    if (Files.exists(dir.resolve("out/images"))) {
      spark.read().parquet(dir.resolve("out/images").toString()).collectAsList()
          .forEach(r -> ledger.add(r.getAs("image_id")));
    }
    if (Files.exists(dir.resolve("out/faces"))) {
      for (Row face : spark.read().parquet(dir.resolve("out/faces").toString()).collectAsList()) {
        assertTrue(ledger.contains(face.<String>getAs("image_id")), "a visible face outside the ledger: " + face);
      }
    }

    run(plan);
    List<Row> images = spark.read().parquet(dir.resolve("out/images").toString()).collectAsList();
    assertEquals(8, images.size());
    assertEquals(8, images.stream().map(r -> r.<String>getAs("image_id")).distinct().count(), "no duplicates");
    assertEquals(6, spark.read().parquet(dir.resolve("out/faces").toString()).select("face_id").distinct().count());
    assertEquals(6, spark.read().parquet(dir.resolve("out/faces").toString()).count(), "no duplicated face");
  }

  @Test
  void errorRowsFailTheCommandOnlyWhenStrict() throws IOException {
    IngestSummary summary = run(plan(inputFolder(), "run-e", 50_000));
    assertEquals(3, summary.errors());
    assertEquals(0, IngestCommand.exitCode(summary, false), "a completed job with error rows succeeds");
    assertEquals(1, IngestCommand.exitCode(summary, true), "--strict: any failed input fails the command");
    IngestSummary clean = new IngestSummary(4, 1, 0, 0, 1.0);
    assertEquals(0, IngestCommand.exitCode(clean, true));
    assertEquals(1, IngestCommand.exitCode(new IngestSummary(0, 0, 0, 0, 0), false), "no input at all");
  }

  @Test
  void labelsFromACsvFile() throws IOException {
    Path input = inputFolder();
    Path csv = dir.resolve("labels.csv");
    Files.writeString(csv, "image_uri,label\n" + input.resolve("Tony_Blair/Tony_Blair_0001.jpg") + ",tony\n");
    IngestPlan plan = new IngestPlan(List.of(input.toString()), Optional.empty(), dir.resolve("out").toString(),
        IngestPlan.Labels.parse("csv:" + csv), "run-c", config.ingest(), pipeline);
    run(plan);
    Map<String, Row> images = byName(spark.read().parquet(dir.resolve("out/images").toString()).collectAsList());
    assertEquals("tony", images.get("Tony_Blair_0001.jpg").getAs("label"));
    assertNull(images.get("Colin_Powell_0001.jpg").getAs("label"));
  }

  @Test
  void moreOnnxThreadsThanTaskCpusIsRefused() throws IOException {
    IngestConfig ingest = config.ingest();
    IngestPlan greedy = new IngestPlan(List.of(inputFolder().toString()), Optional.empty(), dir.resolve("out").toString(),
        IngestPlan.Labels.parse("none"), "run-t", new IngestConfig(ingest.pathGlob(), 100, 2, 2, ingest.maxImageBytes()),
        pipeline);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(greedy));
    assertTrue(e.getMessage().contains("spark.task.cpus"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out/images")), "nothing was written");
  }

  private IngestPlan plan(Path input, String runId, int commitBatch) {
    IngestConfig ingest = config.ingest();
    return new IngestPlan(List.of(input.toString()), Optional.empty(), dir.resolve("out").toString(),
        IngestPlan.Labels.parse("dir"), runId,
        new IngestConfig(ingest.pathGlob(), commitBatch, 2, 1, ingest.maxImageBytes()), pipeline);
  }

  private static IngestSummary run(IngestPlan plan) throws IOException {
    return new IngestJob(spark, plan, quiet()).run();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  private Path inputFolder() throws IOException {
    Path in = dir.resolve("in");
    for (String[] image : new String[][] {{"Colin_Powell", "1"}, {"Colin_Powell", "2"}, {"Tony_Blair", "1"}}) {
      Path folder = Files.createDirectories(in.resolve(image[0]));
      Files.copy(SharedTestData.lfw(image[0], Integer.parseInt(image[1])), folder.resolve(
          SharedTestData.lfw(image[0], Integer.parseInt(image[1])).getFileName()));
    }
    Path misc = Files.createDirectories(in.resolve("misc"));
    try (BgrImage a = Scenes.lfw("Colin_Powell", 3);
        BgrImage b = Scenes.lfw("Tony_Blair", 2);
        Mat pair = new Mat();
        MatVector both = new MatVector(a.mat(), b.mat())) {
      hconcat(both, pair);
      try (BgrImage two = new BgrImage(pair.clone(), "two faces")) {
        ImageEncoder.write(two, misc.resolve("two_faces.png"));
      }
    }
    try (BgrImage landscape = Scenes.landscape(320, 240)) {
      ImageEncoder.write(landscape, misc.resolve("landscape.png"));
    }
    byte[] jpeg = Files.readAllBytes(SharedTestData.lfw("Tara_Reid", 1));
    Files.write(misc.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
    Files.write(misc.resolve("empty.jpg"), new byte[0]);
    Files.writeString(misc.resolve("notes.jpg"), "this is a text file, not a JPEG");
    try (Stream<Path> files = Files.walk(in)) {
      assertEquals(8, files.filter(Files::isRegularFile).count());
    }
    return in;
  }

  private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static Map<String, Row> byName(List<Row> rows) {
    Map<String, Row> out = new HashMap<>();
    rows.forEach(r -> out.put(name(r.getAs("image_uri")), r));
    return out;
  }

  private static String name(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }
}
