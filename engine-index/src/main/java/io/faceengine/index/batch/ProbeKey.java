package io.faceengine.index.batch;

import java.io.Serializable;
import java.util.List;

/**
 * A probe face's id and provenance: the key under which its candidates from every shard meet.
 *
 * @param imageId null when the probe has none
 * @param label null when the probe has none
 * @param qualityReasons the quality limits the probe broke when the search gates quality; empty otherwise
 */
record ProbeKey(String faceId, String imageId, String imageUri, String label, List<String> qualityReasons)
    implements Serializable {
  ProbeKey {
    qualityReasons = qualityReasons == null ? List.of() : List.copyOf(qualityReasons);
  }
}
