package io.faceengine.models.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.faceengine.core.model.InputSpec;
import io.faceengine.core.model.ModelSpec;

/**
 * Compares what the manifest declares about an embedder (input size, layout, 3 channels, output
 * dimension) with the shapes its ONNX file declares, so that a wrong entry fails at setup with the
 * model named, not later on every face. Dimensions the file leaves symbolic cannot be checked here;
 * {@link BatchConsistencyCheck} runs the model and catches what remains.
 */
public final class DeclaredShapeCheck {
  private DeclaredShapeCheck() {}

  /** Throws {@link IllegalArgumentException} naming the model, the file and both shapes on a mismatch. */
  public static void check(ModelSpec spec, byte[] modelBytes) {
    String label = "model " + spec.id() + " (" + spec.file() + ")";
    GraphProto graph;
    try {
      graph = ModelProto.parseFrom(modelBytes).getGraph();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(label + " is not an ONNX model: " + e.getMessage(), e);
    }
    ValueInfoProto input = OnnxGraphInfo.dataInput(graph, label);
    InputSpec in = spec.input();
    long[] expected = in.channelsFirst()
        ? new long[] {OnnxGraphInfo.UNKNOWN, 3, in.height(), in.width()}
        : new long[] {OnnxGraphInfo.UNKNOWN, in.height(), in.width(), 3};
    if (!matches(OnnxGraphInfo.dims(input), expected)) {
      throw new IllegalArgumentException(label + ": the manifest declares a " + in.width() + "x" + in.height() + " "
          + in.layout() + " input with 3 channels (" + (in.channelsFirst() ? "[N, 3, H, W]" : "[N, H, W, 3]")
          + "), but the file's input '" + input.getName() + "' has shape " + OnnxGraphInfo.describe(input)
          + ": fix the manifest's input width, height or layout");
    }
    if (graph.getOutputCount() == 0) {
      throw new IllegalArgumentException(label + " declares no output");
    }
    ValueInfoProto output = graph.getOutput(0);
    long perFace = perFaceSize(OnnxGraphInfo.dims(output));
    if (perFace != OnnxGraphInfo.UNKNOWN && perFace != spec.outputDimension()) {
      throw new IllegalArgumentException(label + ": the manifest declares outputDimension " + spec.outputDimension()
          + ", but the file's output '" + output.getName() + "' has shape " + OnnxGraphInfo.describe(output)
          + " (" + perFace + " values per face)");
    }
  }

  private static boolean matches(long[] actual, long[] expected) {
    if (actual.length != expected.length) {
      return false;
    }
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] != OnnxGraphInfo.UNKNOWN && expected[i] != OnnxGraphInfo.UNKNOWN && actual[i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** The product of the dimensions after the batch; unknown when any is symbolic or there are none. */
  private static long perFaceSize(long[] dims) {
    if (dims.length < 2) {
      return OnnxGraphInfo.UNKNOWN;
    }
    long size = 1;
    for (int i = 1; i < dims.length; i++) {
      if (dims[i] == OnnxGraphInfo.UNKNOWN) {
        return OnnxGraphInfo.UNKNOWN;
      }
      size *= dims[i];
    }
    return size;
  }
}
