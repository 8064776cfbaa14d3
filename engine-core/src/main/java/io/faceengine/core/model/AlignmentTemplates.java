package io.faceengine.core.model;

import java.util.List;
import java.util.Map;

/**
 * Alignment templates a manifest may name instead of listing five points. Points are in the
 * {@link io.faceengine.core.detect.Landmarks} order (subject's right eye, left eye, nose tip, right
 * and left mouth corner, as seen in the image: left to right), as fractions of the face square.
 */
public final class AlignmentTemplates {
  /** dlib's 5-point face chip (its shape predictor's mean face), used with padding 0.25 at 150x150. */
  public static final String DLIB_150 = "dlib-150";
  /** The standard ArcFace 5-point template for 112x112 crops (InsightFace's {@code arcface_dst}), used with padding 0. */
  public static final String ARCFACE_112 = "arcface-112";

  private static final Map<String, List<List<Float>>> NAMED = Map.of(
      DLIB_150, List.of(
          List.of(0.225492f, 0.215990f), List.of(0.754761f, 0.215990f), List.of(0.490127f, 0.515625f),
          List.of(0.254149f, 0.780233f), List.of(0.726104f, 0.780233f)),
      ARCFACE_112, List.of(
          List.of(38.2946f / 112, 51.6963f / 112), List.of(73.5318f / 112, 51.5014f / 112),
          List.of(56.0252f / 112, 71.7366f / 112), List.of(41.5493f / 112, 92.3655f / 112),
          List.of(70.7299f / 112, 92.2041f / 112)));

  private AlignmentTemplates() {}

  /** The named template's five points; a clear error listing the known names otherwise. */
  public static List<List<Float>> named(String name) {
    List<List<Float>> points = NAMED.get(name);
    if (points == null) {
      throw new IllegalArgumentException("unknown alignment template '" + name + "'; known: "
          + NAMED.keySet().stream().sorted().toList() + ", or give 5 [x, y] points");
    }
    return points;
  }
}
