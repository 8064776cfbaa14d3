package io.faceengine.query.http;

import io.faceengine.core.config.QueryConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who may call the API and how much: authenticates a request's bearer token (401), checks that it
 * has the scope the route needs (403), then the token's body size (413), rate and concurrency
 * (429) limits. With no token configured every request passes and carries no token id.
 */
final class TokenGuard {
  /**
   * The request attribute holding the id of the token a request was authorised with (absent when no
   * tokens are configured): what the audit log records, never the secret.
   */
  static final String TOKEN_ID_ATTRIBUTE = "faceengine.token-id";
  private static final String TOKEN_ATTRIBUTE = "faceengine.token";
  private static final String BEARER = "bearer ";

  private final Optional<Tokens> tokens;
  private final Map<String, TokenLimiter> limiters;

  private TokenGuard(Optional<Tokens> tokens) {
    this.tokens = tokens;
    this.limiters = tokens.map(t -> t.all().stream().collect(Collectors.toMap(ApiToken::id, TokenLimiter::new)))
        .orElse(Map.of());
  }

  /** The guard of the configured tokens (read now: a tokens file is read when the API starts). */
  static TokenGuard of(QueryConfig config) {
    return new TokenGuard(Tokens.load(config));
  }

  /** Before every {@code /v1/*} route but health: the request's token, or 401. */
  void authenticate(Context ctx) {
    if (tokens.isEmpty() || ctx.path().equals("/v1/health")) {
      return;
    }
    String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
    Optional<ApiToken> token = header.toLowerCase(Locale.ROOT).startsWith(BEARER)
        ? tokens.get().find(header.substring(BEARER.length()).strip()) : Optional.empty();
    if (token.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new HttpError(401, "unauthorized", header.isEmpty() ? "this API needs an Authorization: Bearer token"
          : "the bearer token is not valid");
    }
    ctx.attribute(TOKEN_ATTRIBUTE, token.get());
    ctx.attribute(TOKEN_ID_ATTRIBUTE, token.get().id());
  }

  /** The route, answered only for a token with {@code scope} and within that token's limits. */
  Handler require(Scope scope, Handler route) {
    return ctx -> {
      if (tokens.isEmpty()) {
        route.handle(ctx);
        return;
      }
      ApiToken token = ctx.attribute(TOKEN_ATTRIBUTE);
      if (token == null) { // authenticate runs before every /v1/* route: a route outside it is a wiring mistake
        throw new IllegalStateException(ctx.path() + " was not authenticated");
      }
      if (!token.grants(scope)) {
        throw new HttpError(403, "forbidden", "the token '" + token.id() + "' lacks the scope '" + scope.label()
            + "' that " + ctx.method() + " " + ctx.endpoint().path + " needs");
      }
      checkBodySize(ctx, token);
      try (TokenLimiter.Permit permit = limiters.get(token.id()).admit()) {
        route.handle(ctx);
      }
    };
  }

  private static void checkBodySize(Context ctx, ApiToken token) {
    long max = token.limits().maxBodyBytes();
    if (max == 0) {
      return; // the service's own limit, checked for every request
    }
    long length = ctx.req().getContentLengthLong();
    if (length > max) {
      throw new HttpError(413, "body_too_large", "the request body has " + length + " bytes, more than the " + max
          + " the token '" + token.id() + "' may send");
    }
    if (length < 0 && ctx.header("Transfer-Encoding") != null) {
      // A chunked body's size is known only once read; Jetty holds it to engine.query.max-body-bytes only.
      throw new HttpError(411, "length_required", "the token '" + token.id() + "' may send at most " + max
          + " bytes a request: send the body with a Content-Length, not chunked");
    }
  }
}
