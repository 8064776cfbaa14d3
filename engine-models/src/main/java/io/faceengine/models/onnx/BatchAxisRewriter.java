package io.faceengine.models.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * Makes the fixed batch axis of an exported model dynamic, so the engine can embed several faces
 * per run. Exporters often bake the batch size of the trace (1) into the graph: the input's and
 * outputs' first dimension, and the target shapes of Reshape nodes ({@code [1, -1]}). The first
 * become the symbolic {@code N}; a Reshape shape starting with the fixed batch gets {@code 0} there
 * (copy the input's batch) when it already has a {@code -1}, else {@code -1}. Intermediate shape
 * hints ({@code value_info}) are dropped, as they name the old batch. Whether the result batches
 * correctly is not assumed: {@link BatchConsistencyCheck} verifies it.
 */
public final class BatchAxisRewriter {
  /** The symbolic batch dimension written into the graph's inputs and outputs. */
  static final String BATCH_PARAM = "N";

  private BatchAxisRewriter() {}

  /**
   * The rewritten model.
   *
   * @param fixedBatch the fixed batch size found on the input (0 when it was already dynamic: nothing changed)
   * @param reshapes how many Reshape target shapes were rewritten
   */
  public record Result(byte[] model, long fixedBatch, int reshapes) {
    public boolean changed() {
      return fixedBatch > 0;
    }
  }

  public static Result makeDynamic(byte[] modelBytes, String modelLabel) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(modelBytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(modelLabel + " is not an ONNX model: " + e.getMessage(), e);
    }
    GraphProto graph = model.getGraph();
    ValueInfoProto input = OnnxGraphInfo.dataInput(graph, modelLabel);
    TensorShapeProto.Dimension first = input.getType().getTensorType().getShape().getDim(0);
    if (!first.hasDimValue()) {
      return new Result(modelBytes, 0, 0);
    }
    long batch = first.getDimValue();
    GraphProto.Builder rewritten = graph.toBuilder().clearValueInfo();
    for (int i = 0; i < rewritten.getInputCount(); i++) {
      if (rewritten.getInput(i).getName().equals(input.getName())) {
        rewritten.setInput(i, withSymbolicBatch(rewritten.getInput(i)));
      }
    }
    for (int i = 0; i < rewritten.getOutputCount(); i++) {
      if (firstDimIs(rewritten.getOutput(i), batch)) {
        rewritten.setOutput(i, withSymbolicBatch(rewritten.getOutput(i)));
      }
    }
    Set<String> shapeInputs = new HashSet<>();
    for (NodeProto node : rewritten.getNodeList()) {
      if (node.getOpType().equals("Reshape") && node.getInputCount() > 1) {
        shapeInputs.add(node.getInput(1));
      }
    }
    int reshapes = 0;
    for (int i = 0; i < rewritten.getInitializerCount(); i++) {
      TensorProto tensor = rewritten.getInitializer(i);
      if (shapeInputs.contains(tensor.getName())) {
        TensorProto fixed = withDynamicBatch(tensor, batch);
        if (fixed != tensor) {
          rewritten.setInitializer(i, fixed);
          reshapes++;
        }
      }
    }
    for (int i = 0; i < rewritten.getNodeCount(); i++) {
      NodeProto node = rewritten.getNode(i);
      if (node.getOpType().equals("Constant") && shapeInputs.contains(node.getOutput(0))) {
        NodeProto.Builder constant = node.toBuilder();
        for (int a = 0; a < constant.getAttributeCount(); a++) {
          if (constant.getAttribute(a).getName().equals("value")) {
            TensorProto value = constant.getAttribute(a).getT();
            TensorProto fixed = withDynamicBatch(value, batch);
            if (fixed != value) {
              constant.setAttribute(a, constant.getAttribute(a).toBuilder().setT(fixed));
              reshapes++;
            }
          }
        }
        rewritten.setNode(i, constant);
      }
    }
    return new Result(model.toBuilder().setGraph(rewritten).build().toByteArray(), batch, reshapes);
  }

  private static boolean firstDimIs(ValueInfoProto value, long batch) {
    TensorShapeProto shape = value.getType().getTensorType().getShape();
    return shape.getDimCount() > 0 && shape.getDim(0).hasDimValue() && shape.getDim(0).getDimValue() == batch;
  }

  private static ValueInfoProto withSymbolicBatch(ValueInfoProto value) {
    ValueInfoProto.Builder builder = value.toBuilder();
    builder.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
        .setDim(0, TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_PARAM));
    return builder.build();
  }

  /** The int64 shape with its leading fixed batch replaced, or the same tensor when it does not start with it. */
  private static TensorProto withDynamicBatch(TensorProto shape, long batch) {
    if (shape.getDataType() != TensorProto.DataType.INT64.getNumber()) {
      return shape;
    }
    long[] values = int64Values(shape);
    if (values.length == 0 || values[0] != batch) {
      return shape;
    }
    boolean hasInferred = false;
    for (long v : values) {
      hasInferred |= v == -1;
    }
    values[0] = hasInferred ? 0 : -1;
    ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    return shape.toBuilder().clearInt64Data().setRawData(ByteString.copyFrom(raw.array())).build();
  }

  static long[] int64Values(TensorProto tensor) {
    if (!tensor.getRawData().isEmpty()) {
      ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long[] values = new long[raw.remaining() / Long.BYTES];
      raw.asLongBuffer().get(values);
      return values;
    }
    return tensor.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
  }
}
