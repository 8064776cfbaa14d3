package io.faceengine.core.model;

/** What a model does in the pipeline. */
public enum ModelRole {
  DETECTOR,
  EMBEDDER
}
