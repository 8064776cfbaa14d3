package io.faceengine.index.lucene;

/**
 * A person template found in a shard, with its full-precision embedding (a copy) for the caller's
 * exact re-ranking.
 *
 * @param faces the faces it averages
 * @param similarity its exact cosine similarity to the probe
 */
public record TemplateMatch(String label, int faces, float similarity, float[] embedding) {}
