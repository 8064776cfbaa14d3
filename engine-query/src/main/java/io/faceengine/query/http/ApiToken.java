package io.faceengine.query.http;

import io.faceengine.core.config.TokenLimits;
import java.util.Set;

/**
 * One API token as the service knows it, without its secret: the id that logs and the audit log
 * name it by, its scopes and its limits.
 */
record ApiToken(String id, Set<Scope> scopes, TokenLimits limits) {
  ApiToken {
    scopes = Set.copyOf(scopes);
  }

  boolean grants(Scope needed) {
    return scopes.stream().anyMatch(s -> s.grants(needed));
  }
}
