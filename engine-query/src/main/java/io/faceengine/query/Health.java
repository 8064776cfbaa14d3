package io.faceengine.query;

/**
 * The service's state, {@code GET /v1/health}.
 *
 * @param status {@code ok}: every shard of the generation has a ready replica; {@code partial}:
 *     searches run but some shard has none (answers will be partial); {@code not_ready}: no
 *     generation is servable yet
 * @param generation the generation searched, -1 when none
 * @param docs faces in that generation
 * @param clusters clusters in the clustering served; null (absent) when the service serves none
 */
public record Health(String status, long generation, String modelId, int shards, int shardsReady, boolean partial,
    long docs, Long clusters) {}
