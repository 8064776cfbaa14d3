package io.faceengine.query.http;

import java.util.Locale;

/** What an API token may do: each route needs one scope; {@link #ADMIN} grants every scope. */
enum Scope {
  /** Search, verify, read faces, thumbnails, source images and clusters. */
  SEARCH,
  /** Change who is who: name clusters (and, later, enrol people). */
  ENROL,
  /** Everything. */
  ADMIN;

  /** True when a token with this scope may use a route that needs {@code needed}. */
  boolean grants(Scope needed) {
    return this == ADMIN || this == needed;
  }

  /** The scope's name in the tokens file and in error messages. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Scope parse(String label) {
    for (Scope scope : values()) {
      if (scope.label().equals(label)) {
        return scope;
      }
    }
    throw new IllegalArgumentException("unknown scope '" + label + "' (search, enrol, admin)");
  }
}
