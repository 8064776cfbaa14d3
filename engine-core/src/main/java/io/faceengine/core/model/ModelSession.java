package io.faceengine.core.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session on one model file, and the execution provider it actually runs on
 * (which may be CPU when CUDA was asked for but is not available).
 */
public record ModelSession(OrtSession session, ExecutionProvider provider) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelSession.class);
  /**
   * Stack for the thread that creates sessions. ONNX Runtime's graph loading recurses deeply: on
   * the 29-layer dlib ResNet it overflows a 4 MB stack (a Spark task thread has 1 MB by default)
   * and kills the JVM without a Java error. Inference itself runs on ordinary threads.
   */
  private static final long LOADER_STACK_BYTES = 256L << 20;

  /**
   * Opens a session on {@code model} with {@code options}, falling back from CUDA to CPU with a
   * logged warning. The session is created on a dedicated thread with a large stack, so any caller
   * thread may open one.
   */
  public static ModelSession open(Path model, InferenceOptions options) {
    AtomicReference<ModelSession> opened = new AtomicReference<>();
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    Thread loader = new Thread(null, () -> {
      try {
        opened.set(openHere(model, options));
      } catch (RuntimeException e) {
        failed.set(e);
      }
    }, "onnx-session-loader", LOADER_STACK_BYTES);
    loader.start();
    try {
      loader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading " + model, e);
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return opened.get();
  }

  private static ModelSession openHere(Path model, InferenceOptions options) {
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
