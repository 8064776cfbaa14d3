package io.faceengine.core.model;

import java.io.Serializable;
/**
 * How ONNX Runtime sessions are set up.
 *
 * @param provider where to run; CUDA falls back to CPU with a warning when unavailable
 * @param cudaDevice the GPU index for CUDA
 * @param intraOpThreads threads one inference may use; 0 lets ONNX Runtime use every core. Inside
 *     Spark tasks this must be 1 or tasks fight for cores
 * @param interOpThreads threads for running independent graph nodes in parallel
 * @param batchSize how many faces the embedder runs at once
 */
public record InferenceOptions(
    ExecutionProvider provider, int cudaDevice, int intraOpThreads, int interOpThreads, int batchSize) implements Serializable {
  public InferenceOptions {
    if (provider == null) {
      throw new IllegalArgumentException("execution provider is required (cpu or cuda)");
    }
    if (cudaDevice < 0 || intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("cuda device and thread counts must be >= 0");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
  }

  public static InferenceOptions defaults() {
    return new InferenceOptions(ExecutionProvider.CPU, 0, 0, 1, 16);
  }

  public InferenceOptions withIntraOpThreads(int threads) {
    return new InferenceOptions(provider, cudaDevice, threads, interOpThreads, batchSize);
  }

  public InferenceOptions withProvider(ExecutionProvider newProvider) {
    return new InferenceOptions(newProvider, cudaDevice, intraOpThreads, interOpThreads, batchSize);
  }
}
