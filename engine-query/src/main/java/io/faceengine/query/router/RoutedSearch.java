package io.faceengine.query.router;

import io.faceengine.query.Candidate;
import java.util.List;

/**
 * A search's merged answer: the global top k of the shards that answered; {@code failures} names
 * those that did not (the answer is then partial).
 */
public record RoutedSearch(long generation, List<Candidate> candidates, List<ShardFailure> failures) {
  public boolean partial() {
    return !failures.isEmpty();
  }
}
