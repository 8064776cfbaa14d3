package io.faceengine.index.lucene;

import java.io.Serializable;

/**
 * A face near a probe, named by its id alone (what a kNN graph needs: no stored field is read).
 *
 * @param similarity the exact cosine similarity to the probe, in [-1, 1]
 */
public record ShardNeighbour(String faceId, float similarity) implements Serializable {}
