package io.faceengine.query.router;

/** A shard left out of an answer: it missed the deadline or every replica tried failed; {@code reason} says which. */
public record ShardFailure(int shard, String reason) {}
