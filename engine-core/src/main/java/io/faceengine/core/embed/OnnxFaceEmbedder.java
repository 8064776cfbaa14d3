package io.faceengine.core.embed;

import static org.bytedeco.opencv.global.opencv_core.flip;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.model.ModelSession;
import io.faceengine.core.model.ModelSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An embedder run by ONNX Runtime, configured entirely by its {@link ModelSpec}. Crops are run in
 * batches of up to {@code batchSize} (one for a model with {@code singleFaceRuns}) through one reused
 * session. The output may have any shape whose per-face size is the manifest's dimension (e.g.
 * {@code [N, 512]} or {@code [N, 512, 1, 1]}); embeddings are L2-normalised here. Thread-safe: ONNX Runtime sessions
 * accept concurrent {@code run} calls and every call here uses its own buffers.
 */
public final class OnnxFaceEmbedder implements FaceEmbedder {
  private final ModelSession model;
  private final ModelSpec spec;
  private final int batchSize;
  private final InputTensorWriter writer;
  private final String inputName;

  public OnnxFaceEmbedder(ModelSession model, ModelSpec spec, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    this.model = model;
    this.spec = spec;
    // Mirror averaging runs each crop with its mirror, so a one-face model takes one crop per run.
    this.batchSize = spec.singleFaceRuns() ? 1 : batchSize;
    this.writer = new InputTensorWriter(spec.input());
    this.inputName = model.session().getInputNames().iterator().next();
  }

  @Override
  public List<float[]> embed(List<Mat> alignedFaces) {
    List<float[]> out = new ArrayList<>(alignedFaces.size());
    for (int start = 0; start < alignedFaces.size(); start += batchSize) {
      List<Mat> batch = alignedFaces.subList(start, Math.min(alignedFaces.size(), start + batchSize));
      out.addAll(spec.mirrorAverage() ? embedWithMirrors(batch) : runBatch(batch));
    }
    out.forEach(DistanceMetric::normalize);
    return out;
  }

  /** Each crop and its mirror image in one run; the two raw embeddings are summed (normalised later). */
  private List<float[]> embedWithMirrors(List<Mat> batch) {
    List<Mat> both = new ArrayList<>(2 * batch.size());
    List<Mat> mirrors = new ArrayList<>(batch.size());
    try {
      for (Mat crop : batch) {
        Mat mirror = new Mat();
        flip(crop, mirror, 1);
        mirrors.add(mirror);
        both.add(crop);
        both.add(mirror);
      }
      List<float[]> raw = runBatch(both);
      List<float[]> out = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        float[] sum = raw.get(2 * i);
        float[] mirrored = raw.get(2 * i + 1);
        for (int k = 0; k < sum.length; k++) {
          sum[k] += mirrored[k];
        }
        out.add(sum);
      }
      return out;
    } finally {
      mirrors.forEach(Mat::close);
    }
  }

  /** The model's raw outputs for these crops: one inference call, or one per crop for a single-face model. */
  private List<float[]> runBatch(List<Mat> batch) {
    if (!spec.singleFaceRuns()) {
      return run(batch);
    }
    List<float[]> out = new ArrayList<>(batch.size());
    for (Mat crop : batch) {
      out.addAll(run(List.of(crop)));
    }
    return out;
  }

  /** The model's raw outputs for these crops, one inference call. */
  private List<float[]> run(List<Mat> batch) {
    int w = spec.input().width();
    int h = spec.input().height();
    FloatBuffer input = ByteBuffer.allocateDirect(batch.size() * 3 * w * h * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    for (int i = 0; i < batch.size(); i++) {
      writer.write(batch.get(i), i, input);
    }
    long[] shape = spec.input().channelsFirst() ? new long[] {batch.size(), 3, h, w} : new long[] {batch.size(), h, w, 3};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
        OrtSession.Result result = model.session().run(Map.of(inputName, tensor))) {
      FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
      int dim = spec.outputDimension();
      if (values.remaining() != batch.size() * dim) {
        throw new IllegalStateException("model " + spec.id() + " returned " + values.remaining() + " values for "
            + batch.size() + " faces but the manifest says " + dim + " per face");
      }
      List<float[]> out = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        float[] e = new float[dim];
        values.get(e);
        out.add(e);
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("embedding with model " + spec.id() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public int dimension() {
    return spec.outputDimension();
  }

  @Override
  public void close() {
    model.close();
  }
}
