package io.faceengine.core.person;

import java.util.Locale;

/**
 * How a person's distance to a probe is made from the distance of the person's template and that of
 * the person's nearest face ({@code engine.index.person-distance}). Either may be missing: a person
 * without a label has no template, and a template's faces may be hidden; the rule then uses the one
 * it has.
 */
public enum PersonDistance {
  /** The better (smaller) of the two. */
  BEST,
  /** The template's. */
  TEMPLATE,
  /** The nearest face's: what a search without templates ranks by. */
  FACE;

  /**
   * The person's distance.
   *
   * @param face the nearest face's distance, or null
   * @param template the template's distance, or null
   */
  public float of(Float face, Float template) {
    if (face == null && template == null) {
      throw new IllegalArgumentException("a person needs a face or a template distance");
    }
    if (face == null) {
      return template;
    }
    if (template == null) {
      return face;
    }
    return switch (this) {
      case BEST -> Math.min(face, template);
      case TEMPLATE -> template;
      case FACE -> face;
    };
  }

  /** The setting's spelling: {@code best}, {@code template}, {@code face}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #configName()}. */
  public static PersonDistance parse(String name) {
    for (PersonDistance rule : values()) {
      if (rule.configName().equals(name)) {
        return rule;
      }
    }
    throw new IllegalArgumentException("person distance must be best, template or face, got '" + name + "'");
  }
}
