package io.faceengine.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.faceengine.core.model.InferenceOptions;
import io.faceengine.core.model.InputSpec;
import io.faceengine.core.model.ModelSession;
import io.faceengine.core.model.ModelSpec;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs an embedder on two synthetic crops, once as a batch of two and once one by one, and requires
 * the same outputs: a graph that mixes the faces of a batch (a Reshape or a statistic over the
 * batch axis) would otherwise give silently wrong embeddings whenever the engine batches. Also
 * confirms through ONNX Runtime that the file accepts the declared input and returns the declared
 * number of values per face (the only check for a model with {@code singleFaceRuns}).
 */
public final class BatchConsistencyCheck {
  /** Relative difference allowed between batched and single outputs: float rounding, not a different result. */
  static final double TOLERANCE = 1e-4;

  private BatchConsistencyCheck() {}

  /**
   * @param modelFile the ONNX file to check (setup's not yet installed copy)
   * @throws IllegalStateException naming the model and saying what to do when it fails
   */
  public static void verify(ModelSpec spec, Path modelFile) {
    InputSpec in = spec.input();
    int faceSize = 3 * in.width() * in.height();
    float[] faces = new float[2 * faceSize];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < faces.length; i++) {
      faces[i] = (float) ((random.nextDouble() * 255 - in.mean().get(i % 3)) / in.std().get(i % 3));
    }
    String label = "model " + spec.id() + " (" + spec.file() + ")";
    try (ModelSession model = ModelSession.open(modelFile, InferenceOptions.defaults().withIntraOpThreads(1))) {
      if (spec.singleFaceRuns()) {
        run(model.session(), spec, java.util.Arrays.copyOfRange(faces, 0, faceSize), 1, label);
        return;
      }
      float[] batched = run(model.session(), spec, faces, 2, label);
      float[] first = run(model.session(), spec, java.util.Arrays.copyOfRange(faces, 0, faceSize), 1, label);
      float[] second = run(model.session(), spec, java.util.Arrays.copyOfRange(faces, faceSize, 2 * faceSize), 1, label);
      float[] singles = new float[batched.length];
      System.arraycopy(first, 0, singles, 0, first.length);
      System.arraycopy(second, 0, singles, first.length, second.length);
      double scale = 0;
      double worst = 0;
      for (int i = 0; i < batched.length; i++) {
        scale = Math.max(scale, Math.abs(singles[i]));
        worst = Math.max(worst, Math.abs(batched[i] - singles[i]));
      }
      if (worst > TOLERANCE * Math.max(scale, 1e-6)) {
        throw new IllegalStateException(label + ": a batch of 2 faces gives other outputs than the 2 faces run one by"
            + " one (largest difference " + worst + " on values up to " + scale + "): its graph mixes the faces of a"
            + " batch. Set \"singleFaceRuns\": true in its manifest entry to run it one face at a time");
      }
    }
  }

  private static float[] run(OrtSession session, ModelSpec spec, float[] faces, int count, String label) {
    InputSpec in = spec.input();
    long[] shape = in.channelsFirst()
        ? new long[] {count, 3, in.height(), in.width()}
        : new long[] {count, in.height(), in.width(), 3};
    String inputName = session.getInputNames().iterator().next();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(faces), shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
      if (values.remaining() != (long) count * spec.outputDimension()) {
        throw new IllegalStateException(label + ": " + count + " face(s) gave " + values.remaining()
            + " output values, but the manifest declares outputDimension " + spec.outputDimension());
      }
      float[] out = new float[values.remaining()];
      values.get(out);
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException(label + ": running it on " + count + " face(s) of shape "
          + java.util.Arrays.toString(shape) + " failed (" + e.getMessage() + ")"
          + (count > 1 && !spec.singleFaceRuns() ? "; if its batch axis cannot be made dynamic, set"
              + " \"singleFaceRuns\": true in its manifest entry" : ""), e);
    }
  }
}
