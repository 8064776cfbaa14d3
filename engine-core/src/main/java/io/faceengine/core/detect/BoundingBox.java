package io.faceengine.core.detect;

import java.io.Serializable;

/** An axis-aligned face box in source-image pixels: top-left corner, width and height. */
public record BoundingBox(float x, float y, float width, float height) implements Serializable {
  public BoundingBox {
    if (!(width >= 0) || !(height >= 0)) {
      throw new IllegalArgumentException("box width and height must be >= 0, got " + width + "x" + height);
    }
  }

  public float centerX() {
    return x + width / 2f;
  }

  public float centerY() {
    return y + height / 2f;
  }

  public float area() {
    return width * height;
  }

  /** Intersection over union with another box; 0 when they do not overlap. */
  public float iou(BoundingBox other) {
    float ix = Math.max(0f, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
    float iy = Math.max(0f, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
    float inter = ix * iy;
    float union = area() + other.area() - inter;
    return union <= 0f ? 0f : inter / union;
  }

  /** This box with every coordinate multiplied by {@code factor} (used to map detector space back to the image). */
  public BoundingBox scaled(float factor) {
    return new BoundingBox(x * factor, y * factor, width * factor, height * factor);
  }
}
