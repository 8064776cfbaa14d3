package io.faceengine.core.model;

/** Where ONNX Runtime runs a model. */
public enum ExecutionProvider {
  CPU,
  /** NVIDIA GPUs; needs the {@code onnxruntime_gpu} artifact and a CUDA device, else the engine falls back to CPU. */
  CUDA
}
