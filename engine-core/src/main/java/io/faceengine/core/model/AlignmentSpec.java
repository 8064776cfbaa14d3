package io.faceengine.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How a face is cut out for an embedder, chosen per model.
 *
 * <p>{@code SIMILARITY}: the five detected landmarks are mapped onto {@code template} by a
 * least-squares similarity transform (rotation, uniform scale, translation). The template gives
 * the landmarks in the {@link io.faceengine.core.detect.Landmarks} order, as fractions of the
 * tight face square; {@code padding} widens that square on every side by that fraction of it, as
 * dlib's {@code get_face_chip_details} does. A template in output pixels (ArcFace's 112x112) is
 * written as fractions with padding 0. In the manifest {@code template} is either the five points or
 * the name of one of {@link AlignmentTemplates} ({@code dlib-150}, {@code arcface-112}).
 *
 * <p>{@code BOX}: a square around the detector's box, enlarged by {@code padding} on every side,
 * resized to the model's input, no rotation.
 *
 * @param pointWeights how much each landmark counts in the fit (mouth corners move with
 *     expression, so a model may trust them less); null means all 1
 */
public record AlignmentSpec(String method, List<List<Float>> template, List<Float> pointWeights, float padding)
    implements Serializable {
  public static final String SIMILARITY = "SIMILARITY";
  public static final String BOX = "BOX";

  /** The manifest's form: {@code template} as five {@code [x, y]} points or a template's name. */
  @JsonCreator
  static AlignmentSpec fromManifest(@JsonProperty("method") String method, @JsonProperty("template") JsonNode template,
      @JsonProperty("pointWeights") List<Float> pointWeights, @JsonProperty("padding") float padding) {
    return new AlignmentSpec(method, templatePoints(template), pointWeights, padding);
  }

  private static List<List<Float>> templatePoints(JsonNode template) {
    if (template == null || template.isNull()) {
      return null;
    }
    if (template.isTextual()) {
      return AlignmentTemplates.named(template.asText());
    }
    List<List<Float>> points = new ArrayList<>();
    for (JsonNode point : template) {
      List<Float> xy = new ArrayList<>();
      for (JsonNode v : point) {
        if (!v.isNumber()) {
          throw new IllegalArgumentException("alignment template points must be numbers, got " + v);
        }
        xy.add(v.floatValue());
      }
      points.add(List.copyOf(xy));
    }
    return List.copyOf(points);
  }

  void validate(String modelId) {
    if (SIMILARITY.equals(method)) {
      if (template == null || template.size() != 5 || template.stream().anyMatch(p -> p.size() != 2)) {
        throw new IllegalArgumentException("model " + modelId + ": a SIMILARITY alignment needs a template of 5 [x, y] points");
      }
      if (pointWeights != null && (pointWeights.size() != 5 || pointWeights.stream().anyMatch(w -> w < 0f))) {
        throw new IllegalArgumentException("model " + modelId + ": pointWeights needs 5 values >= 0");
      }
    } else if (!BOX.equals(method)) {
      throw new IllegalArgumentException(
          "model " + modelId + ": alignment method must be SIMILARITY or BOX, got " + method);
    }
    if (!(padding >= 0f) || padding > 2f) {
      throw new IllegalArgumentException("model " + modelId + ": alignment padding must be in [0, 2], got " + padding);
    }
  }

  /** This alignment with another method, padding or weights: for comparing choices on LFW's dev split. */
  public AlignmentSpec with(String newMethod, float newPadding, List<Float> newWeights) {
    return new AlignmentSpec(newMethod, template, newWeights, newPadding);
  }
}
