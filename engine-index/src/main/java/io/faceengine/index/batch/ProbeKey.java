package io.faceengine.index.batch;

import java.io.Serializable;

/**
 * A probe face's id and provenance: the key under which its candidates from every shard meet.
 *
 * @param imageId null when the probe has none
 * @param label null when the probe has none
 */
record ProbeKey(String faceId, String imageId, String imageUri, String label) implements Serializable {}
