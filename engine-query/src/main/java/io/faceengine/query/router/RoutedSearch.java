package io.faceengine.query.router;

import io.faceengine.query.Candidate;
import java.util.List;

/**
 * A search's merged answer: the global top k of the shards that answered; {@code failures} names
 * those that did not (the answer is then partial).
 *
 * @param tookNanos the router's time: fan-out, waiting, merge and re-rank
 * @param slowestShardNanos the longest search time a shard reported; {@code tookNanos} minus this is
 *     the fan-out's overhead
 */
public record RoutedSearch(long generation, List<Candidate> candidates, List<ShardFailure> failures, long tookNanos,
    long slowestShardNanos) {
  public boolean partial() {
    return !failures.isEmpty();
  }
}
