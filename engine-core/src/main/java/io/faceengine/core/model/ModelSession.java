package io.faceengine.core.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session on one model file, and the execution provider it actually runs on
 * (which may be CPU when CUDA was asked for but is not available).
 */
public record ModelSession(OrtSession session, ExecutionProvider provider) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelSession.class);

  /** Opens a session on {@code model} with {@code options}, falling back from CUDA to CPU with a logged warning. */
  public static ModelSession open(Path model, InferenceOptions options) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    if (options.provider() == ExecutionProvider.CUDA) {
      try (OrtSession.SessionOptions cuda = sessionOptions(options)) {
        cuda.addCUDA(options.cudaDevice());
        return new ModelSession(env.createSession(model.toString(), cuda), ExecutionProvider.CUDA);
      } catch (OrtException | RuntimeException e) {
        LOG.warn("CUDA is not available for {} ({}); falling back to CPU", model.getFileName(), e.getMessage());
      }
    }
    try (OrtSession.SessionOptions cpu = sessionOptions(options)) {
      return new ModelSession(env.createSession(model.toString(), cpu), ExecutionProvider.CPU);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the ONNX model " + model + ": " + e.getMessage(), e);
    }
  }

  private static OrtSession.SessionOptions sessionOptions(InferenceOptions options) {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      so.setIntraOpNumThreads(options.intraOpThreads());
      so.setInterOpNumThreads(options.interOpThreads());
      return so;
    } catch (OrtException e) {
      so.close();
      throw new IllegalStateException("invalid ONNX Runtime options " + options + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
    }
  }
}
