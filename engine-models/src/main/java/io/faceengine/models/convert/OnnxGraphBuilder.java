package io.faceengine.models.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Appends float32 initializers, nodes and graph inputs/outputs to an ONNX graph in call order.
 * Nothing depends on time, hashing or the machine, so the same calls give the same bytes.
 */
public final class OnnxGraphBuilder {
  /** ONNX IR version 8 is the one that goes with opset 17. */
  private static final long IR_VERSION = 8;

  /** A dimension given as this is the symbolic batch size {@code N}. */
  public static final long BATCH = -1;

  private final GraphProto.Builder graph;

  public OnnxGraphBuilder(String graphName) {
    graph = GraphProto.newBuilder().setName(graphName);
  }

  /** A float32 constant; returns its name. Values are row-major for {@code dims}. */
  public String initializer(String name, long[] dims, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    graph.addInitializer(tensor(name, dims, TensorProto.DataType.FLOAT).setRawData(ByteString.copyFrom(bytes)));
    return name;
  }

  /** A 1-D int64 constant, for operator inputs such as Pad's {@code pads}; returns its name. */
  public String int64Initializer(String name, long... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    graph.addInitializer(
        tensor(name, new long[] {values.length}, TensorProto.DataType.INT64).setRawData(ByteString.copyFrom(bytes)));
    return name;
  }

  /** One operator with one output, named after that output; returns the output's name. */
  public String node(String opType, String output, List<String> inputs, AttributeProto... attributes) {
    graph.addNode(NodeProto.newBuilder()
        .setName(output)
        .setOpType(opType)
        .addAllInput(inputs)
        .addOutput(output)
        .addAllAttribute(List.of(attributes)));
    return output;
  }

  /** A float32 graph input; a {@link #BATCH} dimension is the symbolic batch size. */
  public String input(String name, long... dims) {
    graph.addInput(valueInfo(name, dims));
    return name;
  }

  /** Declares a float32 graph output, as {@link #input} does an input. */
  public void output(String name, long... dims) {
    graph.addOutput(valueInfo(name, dims));
  }

  public static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute.build();
  }

  public static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  /** The finished model, serialised. */
  public byte[] toModelBytes(int opset, String producer, String producerVersion, String docString) {
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setProducerName(producer)
        .setProducerVersion(producerVersion)
        .setDocString(docString)
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static TensorProto.Builder tensor(String name, long[] dims, TensorProto.DataType type) {
    TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor;
  }

  private static ValueInfoProto valueInfo(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(dim == BATCH
          ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
    }
    TypeProto.Tensor tensorType = TypeProto.Tensor.newBuilder()
        .setElemType(TensorProto.DataType.FLOAT.getNumber())
        .setShape(shape)
        .build();
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensorType)).build();
  }
}
