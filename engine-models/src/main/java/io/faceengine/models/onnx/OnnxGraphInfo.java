package io.faceengine.models.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Facts about an ONNX graph's interface, as its file declares them. */
final class OnnxGraphInfo {
  /** A dimension the file leaves symbolic (or does not state). */
  static final long UNKNOWN = -1;

  private OnnxGraphInfo() {}

  /**
   * The one input that takes data. Older exporters also list every initializer as a graph input;
   * those are weights, not data.
   */
  static ValueInfoProto dataInput(GraphProto graph, String modelLabel) {
    Set<String> weights = graph.getInitializerList().stream().map(TensorProto::getName).collect(Collectors.toSet());
    List<ValueInfoProto> inputs = graph.getInputList().stream().filter(v -> !weights.contains(v.getName())).toList();
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(modelLabel + " has " + inputs.size() + " data inputs "
          + inputs.stream().map(ValueInfoProto::getName).toList() + "; an embedder takes exactly one (the face crops)");
    }
    ValueInfoProto input = inputs.get(0);
    if (input.getType().getTensorType().getShape().getDimCount() == 0) {
      throw new IllegalArgumentException(modelLabel + ": its input '" + input.getName() + "' declares no shape");
    }
    return input;
  }

  /** The declared dimensions, {@link #UNKNOWN} where symbolic. */
  static long[] dims(ValueInfoProto value) {
    TensorShapeProto shape = value.getType().getTensorType().getShape();
    return shape.getDimList().stream()
        .mapToLong(d -> d.hasDimValue() ? d.getDimValue() : UNKNOWN)
        .toArray();
  }

  /** The shape as people write it: {@code [N, 3, 112, 112]}. */
  static String describe(ValueInfoProto value) {
    TensorShapeProto shape = value.getType().getTensorType().getShape();
    return shape.getDimList().stream()
        .map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam())
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
