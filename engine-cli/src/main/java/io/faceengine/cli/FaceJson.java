package io.faceengine.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.Landmarks;
import io.faceengine.core.quality.FaceQuality;

/**
 * One face as the command line prints it (JSON). Landmarks are {@code [[x, y], ...]} in the order
 * right eye, left eye, nose tip, right mouth corner, left mouth corner (the subject's sides).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FaceJson(String image, Integer faceIndex, BoundingBox box, float[][] landmarks, float score,
    FaceQuality quality, String modelId, float[] embedding) {

  static final JsonMapper JSON = JsonMapper.builder().build();

  static FaceJson of(String image, int index, DetectedFace face) {
    return new FaceJson(image, index, face.box(), points(face.landmarks()), face.score(), null, null, null);
  }

  FaceJson withEmbedding(FaceQuality q, String model, float[] values) {
    return new FaceJson(image, faceIndex, box, landmarks, score, q, model, values);
  }

  private static float[][] points(Landmarks landmarks) {
    float[][] out = new float[Landmarks.COUNT][];
    for (int i = 0; i < Landmarks.COUNT; i++) {
      out[i] = new float[] {landmarks.x(i), landmarks.y(i)};
    }
    return out;
  }
}
