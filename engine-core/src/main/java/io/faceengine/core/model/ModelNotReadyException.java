package io.faceengine.core.model;

/** A model file that is missing or does not match its manifest checksum. The message says what to run. */
public class ModelNotReadyException extends RuntimeException {
  public ModelNotReadyException(String message) {
    super(message);
  }
}
