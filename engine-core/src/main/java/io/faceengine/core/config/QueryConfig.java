package io.faceengine.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the query service, from {@code engine.query}; see {@code conf/engine.conf}.
 *
 * @param port the HTTP API's port (router and embedded roles)
 * @param grpcPort a shard server's gRPC port (shard role)
 * @param deadline how long a search may wait for the shards; a shard that has not answered by then
 *     is left out and the answer is marked partial
 * @param retries further replicas tried, within the deadline, after a shard's call failed
 * @param pollInterval how often shard servers re-read {@code CURRENT} and routers ask shard servers
 *     which generations they have ready
 * @param oversample candidates each shard's HNSW search proposes per wanted face before exact re-ranking;
 *     {@link #AUTO_OVERSAMPLE} ({@code auto} in the configuration) for the breadth each shard's generation
 *     measured at build time, {@link #FALLBACK_OVERSAMPLE} for a generation without that measurement
 * @param defaultK candidates per face when a request does not say
 * @param maxK the largest k a request may ask for
 * @param maxBodyBytes the largest request body accepted
 * @param token when present, the bearer token every {@code /v1/*} request but health must carry
 * @param tokenFile a file holding that token instead (a mounted secret), read by {@link #bearerToken()}
 *     when the API starts, so commands that serve no API need not see it
 * @param shardServers the shard servers a router calls, as {@code host:port}, in any order: each
 *     tells the router which shards of which generations it has ready; empty means the embedded
 *     service's own
 * @param scratchDir where shard servers copy shards of a remote index root, and routers a remote
 *     clustering's lookup; empty means the temp dir
 * @param clusters a clustering output (the cluster job's, any Hadoop URI) whose clusters the API
 *     serves and whose names search answers carry; empty for none
 * @param maxInFlight API requests answered at once (searches, verifications, face lookups); 0 for one per core
 * @param maxQueued further requests that wait for one of those slots; beyond them a request is refused at once
 *     (503 overloaded); 0 for 4 times {@link #inFlightPermits()}
 * @param tls certificates of the HTTP API and of the router-to-shard gRPC (docs/query.md, Security)
 * @param tokensFile a file of API tokens, each with an id, scopes and limits, instead of the one
 *     {@code token}; read by the API when it starts
 * @param tokenLimits the limits of a token that does not set its own
 */
public record QueryConfig(int port, int grpcPort, Duration deadline, int retries, Duration pollInterval,
    int oversample, int defaultK, int maxK, long maxBodyBytes, Optional<String> token, Optional<Path> tokenFile, List<String> shardServers,
    Optional<String> scratchDir, int concurrentAnalyses, Optional<String> clusters, int maxInFlight, int maxQueued,
    TlsConfig tls, Optional<Path> tokensFile, TokenLimits tokenLimits) {
  /** Lucene's HNSW search slows down far beyond this; 1000 is the API's documented limit. */
  public static final int MAX_K_LIMIT = 10_000;
  /** {@code oversample = auto}: each shard's oversample as its generation measured it at build time. */
  public static final int AUTO_OVERSAMPLE = 0;
  /** The oversample of {@code auto} for a generation built without measuring its breadth (older manifests). */
  public static final int FALLBACK_OVERSAMPLE = 30;
  /** The widest oversample a configuration or a build's measurement may choose. */
  public static final int MAX_OVERSAMPLE = 100;

  public QueryConfig {
    requireRange("port", port, 0, 65535);
    requireRange("grpc-port", grpcPort, 0, 65535);
    requirePositive("deadline", deadline);
    requireRange("retries", retries, 0, 100);
    requirePositive("poll-interval", pollInterval);
    requireRange("oversample", oversample, AUTO_OVERSAMPLE, MAX_OVERSAMPLE);
    requireRange("max-k", maxK, 1, MAX_K_LIMIT);
    requireRange("concurrent-analyses", concurrentAnalyses, 0, 1024);
    requireRange("max-in-flight", maxInFlight, 0, 100_000);
    requireRange("max-queued", maxQueued, 0, 100_000);
    requireRange("default-k", defaultK, 1, maxK);
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("engine.query.max-body-bytes must be >= 1024, got " + maxBodyBytes);
    }
    token = token == null ? Optional.empty() : token.filter(t -> !t.isBlank());
    tokenFile = tokenFile == null ? Optional.empty() : tokenFile;
    if (token.isPresent() && tokenFile.isPresent()) {
      throw new IllegalArgumentException("engine.query.token and engine.query.token-file are both set: keep one");
    }
    tls = tls == null ? TlsConfig.NONE : tls;
    tokensFile = tokensFile == null ? Optional.empty() : tokensFile;
    tokenLimits = tokenLimits == null ? TokenLimits.NONE : tokenLimits;
    if (tokensFile.isPresent() && (token.isPresent() || tokenFile.isPresent())) {
      throw new IllegalArgumentException("engine.query.tokens-file and engine.query." + (token.isPresent() ? "token"
          : "token-file") + " are both set: keep one (the tokens file may hold that token with every scope)");
    }
    scratchDir = scratchDir == null ? Optional.empty() : scratchDir.filter(d -> !d.isBlank());
    clusters = clusters == null ? Optional.empty() : clusters.map(String::strip).filter(d -> !d.isEmpty());
    shardServers = shardServers == null ? List.of() : List.copyOf(shardServers);
    for (String endpoint : shardServers) {
      if (!endpoint.matches("[^\\s:/]+:[0-9]{1,5}")) {
        throw new IllegalArgumentException("engine.query.shard-servers: '" + endpoint + "' is not host:port");
      }
    }
    if (shardServers.stream().distinct().count() < shardServers.size()) {
      throw new IllegalArgumentException("engine.query.shard-servers lists a server twice: " + shardServers);
    }
  }

  /** Settings without TLS or a tokens file (tests and tools that build their own). */
  public QueryConfig(int port, int grpcPort, Duration deadline, int retries, Duration pollInterval, int oversample,
      int defaultK, int maxK, long maxBodyBytes, Optional<String> token, Optional<Path> tokenFile,
      List<String> shardServers, Optional<String> scratchDir, int concurrentAnalyses, Optional<String> clusters,
      int maxInFlight, int maxQueued) {
    this(port, grpcPort, deadline, retries, pollInterval, oversample, defaultK, maxK, maxBodyBytes, token, tokenFile,
        shardServers, scratchDir, concurrentAnalyses, clusters, maxInFlight, maxQueued, TlsConfig.NONE,
        Optional.empty(), TokenLimits.NONE);
  }

  /**
   * {@code engine.query.oversample} as configured: {@code auto} (or 0) is {@link #AUTO_OVERSAMPLE},
   * else a whole number of candidates per wanted face.
   */
  public static int parseOversample(String value) {
    String text = value == null ? "" : value.strip();
    if (text.equalsIgnoreCase("auto")) {
      return AUTO_OVERSAMPLE;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("engine.query.oversample must be auto or a whole number in [1, "
          + MAX_OVERSAMPLE + "], got '" + value + "'");
    }
  }

  /** Images decoded and analysed at once: {@code concurrent-analyses}, or the machine's cores when 0. */
  public int analysisPermits() {
    return concurrentAnalyses > 0 ? concurrentAnalyses : Runtime.getRuntime().availableProcessors();
  }

  /**
   * API requests answered at once: {@code max-in-flight}, or one per core when 0. The embedded
   * service's searches are CPU work (each also runs one HNSW search per shard), so more in flight
   * adds no throughput, only threads that compete for the cores with the refusals of an overload.
   */
  public int inFlightPermits() {
    return maxInFlight > 0 ? maxInFlight : Runtime.getRuntime().availableProcessors();
  }

  /** API requests that may wait for a slot: {@code max-queued}, or 4 times {@link #inFlightPermits()} when 0. */
  public int queuedRequests() {
    return maxQueued > 0 ? maxQueued : 4 * inFlightPermits();
  }

  /** These settings with other shard servers (e.g. the embedded service's own, or --shard-servers). */
  public QueryConfig withShardServers(List<String> servers) {
    return new QueryConfig(port, grpcPort, deadline, retries, pollInterval, oversample, defaultK, maxK, maxBodyBytes,
        token, tokenFile, servers, scratchDir, concurrentAnalyses, clusters, maxInFlight, maxQueued, tls, tokensFile, tokenLimits);
  }

  /** These settings serving another clustering output (e.g. {@code serve --clusters}); empty for none. */
  public QueryConfig withClusters(Optional<String> output) {
    return new QueryConfig(port, grpcPort, deadline, retries, pollInterval, oversample, defaultK, maxK, maxBodyBytes,
        token, tokenFile, shardServers, scratchDir, concurrentAnalyses, output, maxInFlight, maxQueued, tls, tokensFile, tokenLimits);
  }

  /** These settings with another oversample (a benchmark's sweep of the search breadth). */
  public QueryConfig withOversample(int newOversample) {
    return new QueryConfig(port, grpcPort, deadline, retries, pollInterval, newOversample, defaultK, maxK, maxBodyBytes,
        token, tokenFile, shardServers, scratchDir, concurrentAnalyses, clusters, maxInFlight, maxQueued, tls, tokensFile, tokenLimits);
  }

  /** These settings with other admission limits (0 for the defaults derived from the cores). */
  public QueryConfig withAdmission(int newMaxInFlight, int newMaxQueued) {
    return new QueryConfig(port, grpcPort, deadline, retries, pollInterval, oversample, defaultK, maxK, maxBodyBytes,
        token, tokenFile, shardServers, scratchDir, concurrentAnalyses, clusters, newMaxInFlight, newMaxQueued, tls, tokensFile, tokenLimits);
  }

  /** These settings with other TLS settings. */
  public QueryConfig withTls(TlsConfig newTls) {
    return new QueryConfig(port, grpcPort, deadline, retries, pollInterval, oversample, defaultK, maxK, maxBodyBytes,
        token, tokenFile, shardServers, scratchDir, concurrentAnalyses, clusters, maxInFlight, maxQueued, newTls,
        tokensFile, tokenLimits);
  }

  /** These settings with a tokens file (replacing any single token) and default token limits. */
  public QueryConfig withTokens(Optional<Path> newTokensFile, TokenLimits newLimits) {
    return new QueryConfig(port, grpcPort, deadline, retries, pollInterval, oversample, defaultK, maxK, maxBodyBytes,
        Optional.empty(), Optional.empty(), shardServers, scratchDir, concurrentAnalyses, clusters, maxInFlight,
        maxQueued, tls, newTokensFile, newLimits);
  }

  /** The bearer token the API requires: {@code token}, or the contents of {@code tokenFile}; empty for none. */
  public Optional<String> bearerToken() {
    if (tokenFile.isEmpty()) {
      return token;
    }
    Path file = tokenFile.get();
    try {
      String value = Files.readString(file).strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException("engine.query.token-file " + file + " is empty");
      }
      return Optional.of(value);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("engine.query.token-file " + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("engine.query.token-file " + file + ": cannot read it: " + e.getMessage());
    }
  }

  private static void requireRange(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("engine.query." + key + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("engine.query." + key + " must be a positive duration, got " + value);
    }
  }
}
