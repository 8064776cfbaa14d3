package io.faceengine.core.pipeline;

/** Detection or alignment failed on a decoded image (a native error, degenerate landmarks); names the image. */
public class FaceAnalysisException extends RuntimeException {
  private final String input;

  public FaceAnalysisException(String input, RuntimeException cause) {
    super(input + ": face analysis failed: " + cause.getMessage(), cause);
    this.input = input;
  }

  public String input() {
    return input;
  }
}
