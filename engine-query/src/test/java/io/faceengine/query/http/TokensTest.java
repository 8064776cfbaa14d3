package io.faceengine.query.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.TokenLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens file: what it grants, and mistakes named by file and line without the secret. */
class TokensTest {
  private static final TokenLimits DEFAULTS = new TokenLimits(50, 0, 8, 0);
  private static final long MAX_BODY = 1_000_000;
  @TempDir Path dir;

  @Test
  void eachLineGrantsItsScopesAndLimitsTheRestFromTheDefaults() throws IOException {
    Path file = Files.writeString(dir.resolve("tokens"), """
        # comments and blank lines are skipped

        reader search aaaaaaaaaaaaaaaa1
          curator   search,enrol   bbbbbbbbbbbbbbbb2   rate=5  max-body-bytes=4096
        ops admin cccccccccccccccc3 concurrency=2 burst=10
        """);
    Tokens tokens = Tokens.read(file, DEFAULTS, MAX_BODY);
    ApiToken reader = tokens.find("aaaaaaaaaaaaaaaa1").orElseThrow();
    assertEquals("reader", reader.id());
    assertTrue(reader.grants(Scope.SEARCH));
    assertFalse(reader.grants(Scope.ENROL));
    assertFalse(reader.grants(Scope.ADMIN));
    assertEquals(DEFAULTS, reader.limits());
    ApiToken curator = tokens.find("bbbbbbbbbbbbbbbb2").orElseThrow();
    assertEquals(Set.of(Scope.SEARCH, Scope.ENROL), curator.scopes());
    assertEquals(new TokenLimits(5, 0, 8, 4096), curator.limits());
    assertEquals(5, curator.limits().burstOrRate());
    ApiToken ops = tokens.find("cccccccccccccccc3").orElseThrow();
    assertTrue(ops.grants(Scope.SEARCH) && ops.grants(Scope.ENROL) && ops.grants(Scope.ADMIN), "admin grants all");
    assertEquals(new TokenLimits(50, 10, 2, 0), ops.limits());
    assertTrue(tokens.find("aaaaaaaaaaaaaaaa").isEmpty(), "a prefix of a token is no token");
    assertTrue(tokens.find("").isEmpty());
    assertEquals(3, tokens.all().size());
  }

  @Test
  void aTokenMayBeGivenByItsSha256SoTheFileHoldsNoSecret() throws IOException {
    // printf %s 'ffffffffffffffff6' | sha256sum
    String digest = HexFormat.of().formatHex(sha256("ffffffffffffffff6"));
    Path file = Files.writeString(dir.resolve("tokens"), "hashed search sha256:" + digest.toUpperCase() + "\n");
    Tokens tokens = Tokens.read(file, DEFAULTS, MAX_BODY);
    assertEquals("hashed", tokens.find("ffffffffffffffff6").orElseThrow().id());
    assertTrue(tokens.find("sha256:" + digest).isEmpty(), "the digest itself is no token");
    Path bad = Files.writeString(dir.resolve("bad"), "hashed search sha256:abc\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokens.read(bad, DEFAULTS, MAX_BODY));
    assertTrue(e.getMessage().endsWith("line 1: the token of 'hashed' starts with sha256: but is not 64 hex digits"),
        e.getMessage());
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theOneConfiguredTokenIsTheDefaultTokenWithEveryScope() {
    QueryConfig config = config(Optional.of("s3cret"), Optional.empty());
    ApiToken token = Tokens.load(config).orElseThrow().find("s3cret").orElseThrow();
    assertEquals(Tokens.DEFAULT_ID, token.id());
    assertEquals(EnumSet.allOf(Scope.class), token.scopes());
    assertTrue(Tokens.load(config(Optional.empty(), Optional.empty())).isEmpty(), "no token: an open API");
  }

  @Test
  void aTokensFileBesideTheOneTokenIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config(Optional.of("s3cret"), Optional.of(dir.resolve("tokens"))));
    assertTrue(e.getMessage().contains("engine.query.tokens-file and engine.query.token are both set"), e.getMessage());
  }

  @Test
  void mistakesNameTheFileAndLineButNeverTheSecret() throws IOException {
    String secret = "dddddddddddddddd4";
    Map<String, String> mistakes = Map.of(
        "a search " + secret + "\nb search " + secret, "line 2: the token of 'b' is the same as that of 'a'",
        "a search " + secret + "\na enrol eeeeeeeeeeeeeeee5", "line 2: the id 'a' is already that of line 1",
        "a read " + secret, "line 1: unknown scope 'read' (search, enrol, admin)",
        "a search short", "line 1: the token of 'a' has 5 characters, fewer than 16",
        "a search " + secret + " speed=3", "line 1: unknown option 'speed'",
        "a search " + secret + " rate=fast", "line 1: rate must be a whole number, got 'fast'",
        "a search " + secret + " rate=-1", "line 1: token limits must be >= 0",
        "a search " + secret + " max-body-bytes=2000000", "line 1: max-body-bytes 2000000 is more than"
            + " engine.query.max-body-bytes 1000000",
        "a " + secret, "line 1: expected 'id scopes token",
        "# nothing\n", "holds no token");
    for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
      Path file = Files.writeString(dir.resolve("tokens"), mistake.getKey());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Tokens.read(file, DEFAULTS, MAX_BODY), mistake.getKey());
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(mistake.getValue()),
          e.getMessage());
      assertFalse(e.getMessage().contains(secret), "the secret in: " + e.getMessage());
    }
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Tokens.read(dir.resolve("absent"), DEFAULTS, MAX_BODY));
    assertTrue(missing.getMessage().endsWith("absent: no such file"), missing.getMessage());
  }

  private static QueryConfig config(Optional<String> token, Optional<Path> tokensFile) {
    QueryConfig plain = new QueryConfig(0, 0, Duration.ofSeconds(2), 0, Duration.ofSeconds(1), 10, 10, 100, MAX_BODY,
        token, Optional.empty(), List.of(), Optional.empty(), 0, Optional.empty(), 0, 0);
    return tokensFile.isEmpty() ? plain : new QueryConfig(0, 0, Duration.ofSeconds(2), 0, Duration.ofSeconds(1), 10, 10,
        100, MAX_BODY, token, Optional.empty(), List.of(), Optional.empty(), 0, Optional.empty(), 0, 0, plain.tls(),
        tokensFile, TokenLimits.NONE);
  }
}
