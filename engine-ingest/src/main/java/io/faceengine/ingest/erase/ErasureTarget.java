package io.faceengine.ingest.erase;

import java.util.Locale;

/** Who {@code bin/engine erase} removes: every face with a label (and the images so labelled), an image's faces, or one face. */
public record ErasureTarget(Key key, String value) {
  /** The key, as the deletion ledger and the audit log name it. */
  public enum Key {
    LABEL, IMAGE_ID, FACE_ID;

    public String field() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ErasureTarget {
    if (key == null || value == null || value.isBlank()) {
      throw new IllegalArgumentException("an erasure needs a label, an image id or a face id");
    }
  }
}
