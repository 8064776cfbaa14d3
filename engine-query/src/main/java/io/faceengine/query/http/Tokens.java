package io.faceengine.query.http;

import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.TokenLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API's tokens: those of {@code engine.query.tokens-file}, or the one {@code token}
 * ({@code token-file}) as the token {@code default} with every scope. Only SHA-256 digests of the
 * secrets are kept, so a heap dump or a log of this object holds none.
 *
 * <p>The file has one token a line, {@code id scopes token [rate=N] [burst=N] [concurrency=N]
 * [max-body-bytes=N]}, scopes joined by commas; blank lines and lines starting with {@code #} are
 * skipped. A token missing a limit has {@code engine.query.token-limits}'s. The token may be given as
 * {@code sha256:<64 hex digits>}, its digest, so that the file holds no secret.
 */
final class Tokens {
  /** The id of the one token of {@code engine.query.token} or {@code token-file}. */
  static final String DEFAULT_ID = "default";
  /** Secrets of the tokens file must be at least this long: a short one is guessable. */
  static final int MIN_SECRET_LENGTH = 16;
  private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  private static final String DIGEST_PREFIX = "sha256:";

  private final Map<String, ApiToken> byDigest;

  private Tokens(Map<String, ApiToken> byDigest) {
    this.byDigest = Map.copyOf(byDigest);
  }

  /** The tokens the configuration sets; empty when the API is open to anyone. */
  static Optional<Tokens> load(QueryConfig config) {
    if (config.tokensFile().isPresent()) {
      return Optional.of(read(config.tokensFile().get(), config.tokenLimits(), config.maxBodyBytes()));
    }
    checkBodyLimit(config.tokenLimits(), config.maxBodyBytes(), "engine.query.token-limits");
    return config.bearerToken().map(secret -> new Tokens(Map.of(digest(secret),
        new ApiToken(DEFAULT_ID, EnumSet.allOf(Scope.class), config.tokenLimits()))));
  }

  /** The token whose secret this is, if any. */
  Optional<ApiToken> find(String secret) {
    return Optional.ofNullable(byDigest.get(digest(secret)));
  }

  /** Every token, e.g. to give each its own limiter. */
  List<ApiToken> all() {
    return List.copyOf(byDigest.values());
  }

  /** Parses a tokens file; a mistake names the file and the line, never the secret. */
  static Tokens read(Path file, TokenLimits defaults, long maxBodyBytes) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("engine.query.tokens-file " + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("engine.query.tokens-file " + file + ": cannot read it: " + e.getMessage());
    }
    Map<String, ApiToken> byDigest = new HashMap<>();
    Map<String, Integer> ids = new HashMap<>();
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "engine.query.tokens-file " + file + " line " + n + ": ";
      try {
        String[] fields = line.split("\\s+");
        if (fields.length < 3) {
          throw new IllegalArgumentException("expected 'id scopes token [rate=N] [burst=N] [concurrency=N]"
              + " [max-body-bytes=N]', got " + fields.length + " field" + (fields.length == 1 ? "" : "s"));
        }
        String id = fields[0];
        if (!id.matches(ID_PATTERN)) {
          throw new IllegalArgumentException("the id '" + id + "' is not letters, digits, '.', '_' or '-' (at most 64)");
        }
        Integer earlier = ids.putIfAbsent(id, n);
        if (earlier != null) {
          throw new IllegalArgumentException("the id '" + id + "' is already that of line " + earlier);
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scope : fields[1].split(",")) {
          scopes.add(Scope.parse(scope));
        }
        String digest = storedDigest(id, fields[2]);
        TokenLimits limits = limits(List.of(fields).subList(3, fields.length), defaults);
        checkBodyLimit(limits, maxBodyBytes, "max-body-bytes");
        ApiToken previous = byDigest.putIfAbsent(digest, new ApiToken(id, scopes, limits));
        if (previous != null) {
          throw new IllegalArgumentException("the token of '" + id + "' is the same as that of '" + previous.id() + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    if (byDigest.isEmpty()) {
      throw new IllegalArgumentException("engine.query.tokens-file " + file + " holds no token");
    }
    return new Tokens(byDigest);
  }

  /** The digest of a token field: the token's, or the one it gives as {@code sha256:<hex>}. */
  private static String storedDigest(String id, String field) {
    if (field.startsWith(DIGEST_PREFIX)) {
      String hex = field.substring(DIGEST_PREFIX.length()).toLowerCase(Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("the token of '" + id + "' starts with sha256: but is not 64 hex digits");
      }
      return hex;
    }
    if (field.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("the token of '" + id + "' has " + field.length()
          + " characters, fewer than " + MIN_SECRET_LENGTH);
    }
    return digest(field);
  }

  private static TokenLimits limits(List<String> options, TokenLimits defaults) {
    int rate = defaults.rate();
    int burst = defaults.burst();
    int concurrency = defaults.concurrency();
    long maxBodyBytes = defaults.maxBodyBytes();
    for (String option : options) {
      int eq = option.indexOf('=');
      String key = eq < 0 ? option : option.substring(0, eq);
      String value = eq < 0 ? "" : option.substring(eq + 1);
      try {
        switch (key) {
          case "rate" -> rate = Integer.parseInt(value);
          case "burst" -> burst = Integer.parseInt(value);
          case "concurrency" -> concurrency = Integer.parseInt(value);
          case "max-body-bytes" -> maxBodyBytes = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown option '" + key
              + "' (rate, burst, concurrency, max-body-bytes)");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
      }
    }
    return new TokenLimits(rate, burst, concurrency, maxBodyBytes);
  }

  /** A token's body limit can only lower the service's: Jetty enforces that one for every request. */
  private static void checkBodyLimit(TokenLimits limits, long maxBodyBytes, String key) {
    if (limits.maxBodyBytes() > maxBodyBytes) {
      throw new IllegalArgumentException(key + " " + limits.maxBodyBytes()
          + " is more than engine.query.max-body-bytes " + maxBodyBytes + ", which every request is held to");
    }
  }

  private static String digest(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
