package io.faceengine.models.tfjs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a TF.js weights manifest ({@code *-weights_manifest.json}) and its binary shards into
 * named float tensors, dequantising uint8/uint16 weights exactly as TF.js's {@code
 * tf.io.decodeWeights} does: {@code value = (float) (q * scale + min)}.
 */
public final class TfjsWeightsReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TfjsWeightsReader() {}

  /**
   * Decodes every weight the manifest lists.
   *
   * @param manifestJson the manifest file's bytes
   * @param shards the bytes of each shard, by the path the manifest names it with
   * @return the tensors in manifest order, by name
   * @throws IOException when the manifest is malformed or does not match the shards
   */
  public static Map<String, TfjsTensor> read(byte[] manifestJson, Map<String, byte[]> shards)
      throws IOException {
    List<WeightGroup> groups = List.of(JSON.readValue(manifestJson, WeightGroup[].class));
    Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
    for (WeightGroup group : groups) {
      // A group's weights are laid end to end across the concatenation of its shards.
      ByteBuffer data = ByteBuffer.wrap(concat(group.paths(), shards)).order(ByteOrder.LITTLE_ENDIAN);
      for (WeightSpec spec : group.weights()) {
        TfjsTensor tensor = decode(spec, data);
        if (tensors.put(spec.name(), tensor) != null) {
          throw new IOException("weights manifest lists " + spec.name() + " twice");
        }
      }
      if (data.hasRemaining()) {
        throw new IOException("weight shards " + group.paths() + " hold " + data.remaining()
            + " bytes more than the manifest describes");
      }
    }
    return tensors;
  }

  private static byte[] concat(List<String> paths, Map<String, byte[]> shards) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String path : paths) {
      byte[] shard = shards.get(path);
      if (shard == null) {
        throw new IOException("weights manifest names shard " + path + ", which was not given");
      }
      out.writeBytes(shard);
    }
    return out.toByteArray();
  }

  private static TfjsTensor decode(WeightSpec spec, ByteBuffer data) throws IOException {
    if (!"float32".equals(spec.dtype())) {
      throw new IOException(spec.name() + ": unsupported dtype " + spec.dtype() + " (only float32)");
    }
    int count = Math.toIntExact(TfjsTensor.elementCount(spec.shape()));
    Quantization q = spec.quantization();
    int bytesPerValue = q == null ? Float.BYTES : q.bytesPerValue(spec.name());
    if (data.remaining() < (long) count * bytesPerValue) {
      throw new IOException(spec.name() + ": weight shards end before this tensor's "
          + count * (long) bytesPerValue + " bytes");
    }
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = switch (bytesPerValue) {
        case 1 -> q.dequantize(Byte.toUnsignedInt(data.get()));
        case 2 -> q.dequantize(Short.toUnsignedInt(data.getShort()));
        default -> data.getFloat();
      };
    }
    return new TfjsTensor(spec.name(), spec.shape(), values);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record WeightGroup(List<String> paths, List<WeightSpec> weights) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record WeightSpec(String name, int[] shape, String dtype, Quantization quantization) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Quantization(String dtype, Double scale, Double min) {

    int bytesPerValue(String tensorName) throws IOException {
      int bytes = switch (dtype) {
        case "uint8" -> 1;
        case "uint16" -> 2;
        default -> throw new IOException(tensorName + ": unsupported quantization " + dtype + " (only uint8, uint16)");
      };
      if (scale == null || min == null) {
        throw new IOException(tensorName + ": " + dtype + " quantization without scale and min");
      }
      return bytes;
    }

    /** In double, then rounded to float, as TF.js stores {@code q * scale + min} in a Float32Array. */
    float dequantize(int quantized) {
      return (float) (quantized * scale + min);
    }
  }
}
