package io.faceengine.models.onnx;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.embed.OnnxFaceEmbedder;
import io.faceengine.core.model.InferenceOptions;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelSession;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.model.ModelStore;
import io.faceengine.models.ModelSetup;
import io.faceengine.models.convert.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedder added by a manifest entry alone: tiny ONNX models written here, exported the way
 * PyTorch traces them (batch fixed to 1, a final Reshape to {@code [1, -1]}), in each layout, are
 * installed by setup (batch axis made dynamic, batching verified) and run through ONNX Runtime by
 * the engine's embedder, whose output must equal the model's arithmetic done by hand.
 */
class EmbedderByManifestTest {
  private static final int SIDE = 4;
  private static final int DIM = 5;
  private static final int PIXELS = 3 * SIDE * SIDE;

  @TempDir Path dir;
  private final List<String> progress = new ArrayList<>();

  /** Weights of the model's one MatMul: input values (in the model's layout) to {@code DIM} outputs. */
  private static float[] weights() {
    SplittableRandom random = new SplittableRandom(7);
    float[] w = new float[PIXELS * DIM];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return w;
  }

  /**
   * {@code output = Reshape(input, [1, -1]) x W}, input and output with batch fixed to 1. With
   * {@code mixBatch}, the batch's mean is added to every face first: a graph that cannot batch.
   */
  private static byte[] model(boolean channelsFirst, boolean mixBatch) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("tiny-embedder");
    long[] inputDims = channelsFirst ? new long[] {1, 3, SIDE, SIDE} : new long[] {1, SIDE, SIDE, 3};
    String x = g.input("pixels", inputDims);
    if (mixBatch) {
      String mean = g.node("ReduceMean", "batch_mean", List.of(x), OnnxGraphBuilder.ints("axes", 0),
          OnnxGraphBuilder.integer("keepdims", 1));
      x = g.node("Add", "mixed", List.of(x, mean));
    }
    String flat = g.node("Reshape", "flat", List.of(x, g.int64Initializer("flat_shape", 1, -1)));
    String w = g.initializer("w", new long[] {PIXELS, DIM}, weights());
    g.node("MatMul", "embedding", List.of(flat, w));
    g.output("embedding", 1, DIM);
    return g.toModelBytes(17, "test", "1", "tiny embedder exported with a fixed batch");
  }

  /** A manifest with one embedder entry, as a user would write it, parsed by the engine. */
  private ModelSpec entry(String layout, String colorOrder, String sha256, int declaredSide, int declaredDim,
      boolean singleFaceRuns) throws IOException {
    String json = String.format(Locale.ROOT, """
        {"defaults": {"EMBEDDER": "tiny"}, "models": [{
          "id": "tiny", "version": "test", "role": "EMBEDDER", "file": "tiny.onnx", "sha256": "%s",
          "license": "test", "description": "tiny", "source": {"type": "file", "mirrorFile": "tiny.onnx"},
          "input": {"width": %d, "height": %d, "layout": "%s", "colorOrder": "%s",
            "mean": [10, 20, 30], "std": [2, 4, 8], "sizeMultiple": 1},
          "alignment": {"method": "SIMILARITY", "template": "arcface-112", "padding": 0},
          "outputDimension": %d, "metric": "COSINE", "threshold": 0.5, "mirrorAverage": false,
          "singleFaceRuns": %b}]}
        """, sha256, declaredSide, declaredSide, layout, colorOrder, declaredDim, singleFaceRuns);
    Path file = dir.resolve("manifest-" + System.nanoTime() + ".json");
    Files.writeString(file, json);
    return ModelManifest.load(file).model("tiny");
  }

  private Path mirrorWith(byte[] model) throws IOException {
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    Files.write(mirror.resolve("tiny.onnx"), model);
    return mirror;
  }

  private ModelSetup setup(Path mirror) {
    return new ModelSetup(new ModelStore(dir.resolve("models")), mirror, dir.resolve("cache"), progress::add);
  }

  private static String sha256(byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile("model", ".onnx");
    try {
      Files.write(tmp, bytes);
      return ModelStore.sha256(tmp);
    } finally {
      Files.delete(tmp);
    }
  }

  @Test
  void eachLayoutAndColourOrderEmbedsAsTheModelComputesIt() throws IOException {
    for (String layout : List.of("NCHW", "NHWC")) {
      for (String colorOrder : List.of("RGB", "BGR")) {
        Path models = dir.resolve("models");
        if (Files.exists(models)) {
          try (var files = Files.list(models)) {
            for (Path f : files.toList()) {
              Files.delete(f);
            }
          }
        }
        progress.clear();
        byte[] exported = model(layout.equals("NCHW"), false);
        byte[] dynamic = BatchAxisRewriter.makeDynamic(exported, "tiny").model();
        ModelSpec spec = entry(layout, colorOrder, sha256(dynamic), SIDE, DIM, false);
        assertEquals(ModelSetup.Outcome.COPIED_FROM_MIRROR, setup(mirrorWith(exported)).install(spec));
        assertTrue(progress.stream().anyMatch(l -> l.contains("made dynamic (1 Reshape")), progress.toString());

        List<Mat> crops = List.of(crop(1), crop(2), crop(3));
        try (OnnxFaceEmbedder embedder = new OnnxFaceEmbedder(
            ModelSession.open(dir.resolve("models/tiny.onnx"), InferenceOptions.defaults()), spec, 2)) {
          List<float[]> embeddings = embedder.embed(crops);
          assertEquals(3, embeddings.size());
          for (int i = 0; i < crops.size(); i++) {
            assertArrayEquals(expected(crops.get(i), spec), embeddings.get(i), 1e-5f, layout + " " + colorOrder);
          }
        } finally {
          crops.forEach(Mat::close);
        }
      }
    }
  }

  @Test
  void aGraphThatMixesTheFacesOfABatchIsRefusedUnlessItRunsOneFaceAtATime() throws IOException {
    byte[] exported = model(true, true);
    byte[] dynamic = BatchAxisRewriter.makeDynamic(exported, "tiny").model();
    Path mirror = mirrorWith(exported);
    ModelSpec batched = entry("NCHW", "RGB", sha256(dynamic), SIDE, DIM, false);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> setup(mirror).install(batched));
    assertTrue(e.getMessage().contains("model tiny") && e.getMessage().contains("batch of 2")
        && e.getMessage().contains("\"singleFaceRuns\": true"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("models/tiny.onnx")), "nothing is installed");

    ModelSpec single = entry("NCHW", "RGB", sha256(exported), SIDE, DIM, true);
    assertEquals(ModelSetup.Outcome.COPIED_FROM_MIRROR, setup(mirror).install(single));
    List<Mat> crops = List.of(crop(4), crop(5));
    try (OnnxFaceEmbedder embedder = new OnnxFaceEmbedder(
        ModelSession.open(dir.resolve("models/tiny.onnx"), InferenceOptions.defaults()), single, 16)) {
      List<float[]> embeddings = embedder.embed(crops);
      for (int i = 0; i < crops.size(); i++) {
        // Alone in its batch, a face's mean is itself: the graph computes 2x.
        float[] expected = expectedRaw(crops.get(i), single, 2f);
        assertArrayEquals(unit(expected), embeddings.get(i), 1e-5f);
      }
    } finally {
      crops.forEach(Mat::close);
    }
  }

  @Test
  void aManifestEntryThatDoesNotMatchTheFileIsRefusedAtSetupNamingTheModel() throws IOException {
    Path mirror = mirrorWith(model(true, false));
    String anySha = "0".repeat(64);
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> setup(mirror).install(entry("NCHW", "RGB", anySha, 112, DIM, false)));
    assertTrue(size.getMessage().contains("model tiny (tiny.onnx)") && size.getMessage().contains("112x112 NCHW")
        && size.getMessage().contains("[1, 3, 4, 4]"), size.getMessage());
    IllegalArgumentException layout = assertThrows(IllegalArgumentException.class,
        () -> setup(mirror).install(entry("NHWC", "RGB", anySha, SIDE, DIM, false)));
    assertTrue(layout.getMessage().contains("NHWC") && layout.getMessage().contains("[N, H, W, 3]"),
        layout.getMessage());
    IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
        () -> setup(mirror).install(entry("NCHW", "RGB", anySha, SIDE, 128, false)));
    assertTrue(dim.getMessage().contains("outputDimension 128") && dim.getMessage().contains("5 values per face"),
        dim.getMessage());
    assertFalse(Files.exists(dir.resolve("models/tiny.onnx")));
  }

  @Test
  void theRewriteTouchesOnlyTheBatchAxis() {
    BatchAxisRewriter.Result once = BatchAxisRewriter.makeDynamic(model(false, false), "tiny");
    assertEquals(1, once.fixedBatch());
    assertEquals(1, once.reshapes());
    BatchAxisRewriter.Result again = BatchAxisRewriter.makeDynamic(once.model(), "tiny");
    assertFalse(again.changed(), "an already dynamic model is left as it is");
    assertArrayEquals(once.model(), again.model());
  }

  /** A {@code SIDE x SIDE} BGR crop with distinct pixel values. */
  private static Mat crop(int seed) {
    Mat mat = new Mat(SIDE, SIDE, CV_8UC3);
    SplittableRandom random = new SplittableRandom(seed);
    try (UByteIndexer px = mat.createIndexer()) {
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          for (int c = 0; c < 3; c++) {
            px.put(y, x, c, random.nextInt(256));
          }
        }
      }
    }
    return mat;
  }

  private static float[] expected(Mat crop, ModelSpec spec) {
    return unit(expectedRaw(crop, spec, 1f));
  }

  /** The model's output by hand: pixels in the model's channel order and layout, normalised, times W. */
  private static float[] expectedRaw(Mat crop, ModelSpec spec, float inputScale) {
    float[] input = new float[PIXELS];
    boolean rgb = spec.input().rgb();
    boolean nchw = spec.input().channelsFirst();
    try (UByteIndexer px = crop.createIndexer()) {
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          for (int c = 0; c < 3; c++) {
            int bgrChannel = rgb ? 2 - c : c;
            float v = (px.get(y, x, bgrChannel) - spec.input().mean().get(c)) / spec.input().std().get(c);
            input[nchw ? c * SIDE * SIDE + y * SIDE + x : (y * SIDE + x) * 3 + c] = inputScale * v;
          }
        }
      }
    }
    float[] w = weights();
    float[] out = new float[DIM];
    for (int i = 0; i < PIXELS; i++) {
      for (int d = 0; d < DIM; d++) {
        out[d] += input[i] * w[i * DIM + d];
      }
    }
    return out;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    assertTrue(Math.abs(Math.sqrt(norm) - 1) > 0.01, "the raw output is not unit length, so normalising is tested");
    float[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] /= (float) Math.sqrt(norm);
    }
    return out;
  }
}
