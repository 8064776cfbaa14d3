package io.faceengine.query.shard;

import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.TlsConfig;
import io.grpc.TlsServerCredentials;
import io.faceengine.index.store.GenerationStore;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard server: hosts some (or all) shards of the index's current generation and answers the
 * shard service over gRPC, plus the standard gRPC health service (SERVING once a generation is open
 * here). Follows {@code CURRENT} through a {@link GenerationWatcher}.
 */
public final class ShardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardServer.class);

  private final GenerationWatcher watcher;
  private final Server server;

  private ShardServer(GenerationWatcher watcher, Server server) {
    this.watcher = watcher;
    this.server = server;
  }

  /**
   * Opens the current generation's hosted shards, then serves on {@code address}.
   *
   * @param shards the shard numbers to host; empty for every shard
   */
  public static ShardServer start(GenerationStore store, Set<Integer> shards, InetSocketAddress address,
      QueryConfig config) throws IOException {
    Path scratch = config.scratchDir().map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir")))
        .resolve("face-engine-shards");
    Files.createDirectories(scratch);
    GenerationWatcher watcher = new GenerationWatcher(store, shards, config.oversample(), scratch,
        config.pollInterval());
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.NOT_SERVING);
    watcher.onReadiness(ready -> health.setStatus("", ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING));
    watcher.start();
    Server server;
    try {
      server = builder(address, config.tls())
          .addService(new ShardServiceImpl(watcher, config.maxK()))
          .addService(health.getHealthService())
          .build()
          .start();
    } catch (IOException | RuntimeException e) {
      watcher.close();
      throw new IOException("cannot start a shard server on " + address + ": " + e.getMessage(), e);
    }
    LOG.info("shard server on port {} ({}): gen-{}, shards {} of {}", server.getPort(),
        config.tls().serves() ? "TLS" : "plaintext", watcher.current(),
        shards.isEmpty() ? "all" : new TreeSet<>(shards), store.root());
    return new ShardServer(watcher, server);
  }

  /** Plaintext, or TLS with the certificate and key of {@code engine.query.tls} when set. */
  private static NettyServerBuilder builder(InetSocketAddress address, TlsConfig tls) throws IOException {
    if (!tls.serves()) {
      return NettyServerBuilder.forAddress(address);
    }
    try {
      return NettyServerBuilder.forAddress(address, TlsServerCredentials.create(tls.requireCert().toFile(),
          tls.requireKey().toFile()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("engine.query.tls: cannot use the certificate " + tls.certFile().orElseThrow() + " and key "
          + tls.keyFile().orElseThrow() + ": " + e.getMessage(), e);
    }
  }

  /** The port it listens on (the chosen one when started on port 0). */
  public int port() {
    return server.getPort();
  }

  /** Stops taking calls, fails those in flight, closes every generation. */
  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watcher.close();
  }
}
