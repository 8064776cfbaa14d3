package io.faceengine.models.convert;

import static io.faceengine.models.convert.OnnxGraphBuilder.BATCH;
import static io.faceengine.models.convert.OnnxGraphBuilder.integer;
import static io.faceengine.models.convert.OnnxGraphBuilder.ints;

import io.faceengine.models.tfjs.TfjsTensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Converts dlib's 128-d ResNet face descriptor ({@code dlib_face_recognition_resnet_model_v1}), as
 * {@code @vladmandic/face-api} ships it in TF.js form, into an ONNX model (opset 17).
 *
 * <p>The graph follows face-api's {@code FaceRecognitionNet.forwardInput} operation for
 * operation, moved from NHWC to NCHW. Input {@value #INPUT}: {@code [N,3,150,150]} float32 RGB in
 * 0..255 (the mean subtraction and /255 happen inside). Output {@value #OUTPUT}: {@code [N,128]},
 * not normalised. The same weights always give the same bytes.
 */
public final class DlibResNetConverter {
  public static final String INPUT = "input";
  public static final String OUTPUT = "embedding";
  public static final int INPUT_SIZE = 150;
  public static final int EMBEDDING_SIZE = 128;

  private static final int OPSET = 17;
  /** face-api's {@code meanRgb} for this net. */
  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
  private static final String DOC = "dlib_face_recognition_resnet_model_v1, converted from the TF.js weights in"
      + " @vladmandic/face-api. input: [N,3,150,150] float32 RGB 0..255 (mean subtraction and /255 are in the"
      + " graph). embedding: [N,128], not normalised.";

  private final Map<String, TfjsTensor> weights;
  private final Set<String> used = new HashSet<>();
  private final OnnxGraphBuilder graph = new OnnxGraphBuilder("dlib_face_recognition_resnet_model_v1");

  /** A feature map in the graph: its value name, channel count and (square) spatial size. */
  private record Feature(String name, int channels, int size) {}

  private DlibResNetConverter(Map<String, TfjsTensor> weights) {
    this.weights = weights;
  }

  /**
   * Builds the ONNX model.
   *
   * @param weights face-api's {@code face_recognition_model} tensors, by TF.js name
   * @return the serialised {@code ModelProto}
   * @throws IllegalArgumentException when a tensor is missing, unused or of the wrong shape
   */
  public static byte[] convert(Map<String, TfjsTensor> weights) {
    return new DlibResNetConverter(weights).build();
  }

  private byte[] build() {
    String input = graph.input(INPUT, BATCH, 3, INPUT_SIZE, INPUT_SIZE);
    String mean = graph.initializer("mean_rgb", new long[] {1, 3, 1, 1}, MEAN_RGB);
    String centered = graph.node("Sub", "centered", List.of(input, mean));
    String range = graph.initializer("scale_255", new long[0], new float[] {255});
    String normalized = graph.node("Div", "normalized", List.of(centered, range));

    Feature x = convLayer(new Feature(normalized, 3, INPUT_SIZE), "conv32_down", true, true);
    x = new Feature(graph.node("MaxPool", "max_pool", List.of(x.name()),
        ints("kernel_shape", 3, 3), ints("strides", 2, 2)), x.channels(), (x.size() - 3) / 2 + 1);

    x = residual(x, "conv32_1");
    x = residual(x, "conv32_2");
    x = residual(x, "conv32_3");
    x = residualDown(x, "conv64_down");
    x = residual(x, "conv64_1");
    x = residual(x, "conv64_2");
    x = residual(x, "conv64_3");
    x = residualDown(x, "conv128_down");
    x = residual(x, "conv128_1");
    x = residual(x, "conv128_2");
    x = residualDown(x, "conv256_down");
    x = residual(x, "conv256_1");
    x = residual(x, "conv256_2");
    x = residualDown(x, "conv256_down_out");

    String average = graph.node("ReduceMean", "global_avg", List.of(x.name()),
        ints("axes", 2, 3), integer("keepdims", 0));
    TfjsTensor fc = tensor("fc", x.channels(), EMBEDDING_SIZE);
    String fcWeights = graph.initializer(fc.name(), new long[] {x.channels(), EMBEDDING_SIZE}, fc.values());
    graph.node("MatMul", OUTPUT, List.of(average, fcWeights));
    graph.output(OUTPUT, BATCH, EMBEDDING_SIZE);

    Set<String> unused = new TreeSet<>(weights.keySet());
    unused.removeAll(used);
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("TF.js weights this net does not use: " + unused);
    }
    return graph.toModelBytes(OPSET, "face-engine", "dlib-resnet-converter 1", DOC);
  }

  /** face-api's {@code residual}: conv, conv without relu, plus the input, relu. */
  private Feature residual(Feature in, String prefix) {
    Feature out = convLayer(convLayer(in, prefix + "/conv1", false, true), prefix + "/conv2", false, false);
    String sum = graph.node("Add", prefix + "/add", List.of(out.name(), in.name()));
    return new Feature(graph.node("Relu", prefix + "/out", List.of(sum)), out.channels(), out.size());
  }

  /**
   * face-api's {@code residualDown}: a strided conv branch plus the 2x2-average-pooled input,
   * zero-padded up to the branch's channels. Where the valid 3x3/2 conv comes out one smaller than
   * the pool (odd sizes, the last two blocks) the conv branch gets a zero row at the bottom and a
   * zero column at the right, as face-api concatenates them.
   */
  private Feature residualDown(Feature in, String prefix) {
    Feature out = convLayer(convLayer(in, prefix + "/conv1", true, true), prefix + "/conv2", false, false);
    String branch = out.name();
    int pooledSize = in.size() / 2;
    if (out.size() != pooledSize) {
      if (out.size() + 1 != pooledSize) {
        throw new IllegalStateException(prefix + ": conv branch " + out.size() + " vs pooled " + pooledSize);
      }
      branch = graph.node("Pad", prefix + "/pad_bottom_right",
          List.of(branch, graph.int64Initializer(prefix + "/pads_bottom_right", 0, 0, 0, 0, 0, 0, 1, 1)));
    }
    String pooled = graph.node("AveragePool", prefix + "/avg_pool", List.of(in.name()),
        ints("kernel_shape", 2, 2), ints("strides", 2, 2));
    if (in.channels() != out.channels()) {
      long extra = out.channels() - in.channels();
      pooled = graph.node("Pad", prefix + "/pad_channels",
          List.of(pooled, graph.int64Initializer(prefix + "/pads_channels", 0, 0, 0, 0, 0, extra, 0, 0)));
    }
    String sum = graph.node("Add", prefix + "/add", List.of(pooled, branch));
    return new Feature(graph.node("Relu", prefix + "/out", List.of(sum)), out.channels(), pooledSize);
  }

  /**
   * face-api's {@code convLayer}: conv2d plus bias, then the scale layer ({@code x * weights +
   * biases}), then optionally relu. Down-sampling layers are stride 2 'valid', the others stride 1
   * 'same' (odd kernels, so symmetric padding).
   */
  private Feature convLayer(Feature in, String prefix, boolean down, boolean relu) {
    TfjsTensor filters = tensor(prefix + "/conv/filters", -1, -1, in.channels(), -1);
    int kernel = filters.shape()[0];
    int outChannels = filters.shape()[3];
    if (filters.shape()[1] != kernel || kernel % 2 == 0) {
      throw new IllegalArgumentException(
          prefix + ": expected an odd square kernel, got " + Arrays.toString(filters.shape()));
    }
    TfjsTensor bias = tensor(prefix + "/conv/bias", outChannels);
    TfjsTensor scale = tensor(prefix + "/scale/weights", outChannels);
    TfjsTensor shift = tensor(prefix + "/scale/biases", outChannels);

    int stride = down ? 2 : 1;
    long pad = down ? 0 : (kernel - 1) / 2;
    String oihw = graph.initializer(
        filters.name(), new long[] {outChannels, in.channels(), kernel, kernel}, hwioToOihw(filters));
    String conv = graph.node("Conv", prefix + "/conv",
        List.of(in.name(), oihw, graph.initializer(bias.name(), new long[] {outChannels}, bias.values())),
        ints("kernel_shape", kernel, kernel), ints("strides", stride, stride), ints("pads", pad, pad, pad, pad));
    // The scale layer's vectors become [1, C, 1, 1] so they broadcast over NCHW.
    long[] perChannel = {1, outChannels, 1, 1};
    String scaled = graph.node("Mul", prefix + "/scale/mul",
        List.of(conv, graph.initializer(scale.name(), perChannel, scale.values())));
    String out = graph.node("Add", prefix + "/scale",
        List.of(scaled, graph.initializer(shift.name(), perChannel, shift.values())));
    if (relu) {
      out = graph.node("Relu", prefix + "/relu", List.of(out));
    }
    int size = down ? (in.size() - kernel) / 2 + 1 : in.size();
    return new Feature(out, outChannels, size);
  }

  /** TF.js conv filters are [kH, kW, in, out]; ONNX wants [out, in, kH, kW]. */
  static float[] hwioToOihw(TfjsTensor filters) {
    int[] s = filters.shape();
    int kh = s[0], kw = s[1], in = s[2], out = s[3];
    float[] src = filters.values();
    float[] dst = new float[src.length];
    for (int h = 0; h < kh; h++) {
      for (int w = 0; w < kw; w++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            dst[((o * in + i) * kh + h) * kw + w] = src[((h * kw + w) * in + i) * out + o];
          }
        }
      }
    }
    return dst;
  }

  /** The named tensor, checked against {@code dims} (-1 matches any size). */
  private TfjsTensor tensor(String name, int... dims) {
    TfjsTensor tensor = weights.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("TF.js weights lack " + name);
    }
    boolean matches = tensor.shape().length == dims.length;
    for (int i = 0; matches && i < dims.length; i++) {
      matches = dims[i] == -1 || dims[i] == tensor.shape()[i];
    }
    if (!matches) {
      throw new IllegalArgumentException(name + " has shape " + Arrays.toString(tensor.shape())
          + ", expected " + Arrays.toString(dims).replace("-1", "?"));
    }
    used.add(name);
    return tensor;
  }
}
