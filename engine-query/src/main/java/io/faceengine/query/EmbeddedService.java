package io.faceengine.query;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.TlsConfig;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.query.shard.ShardServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The whole query service in one JVM: a shard server hosting every shard of each generation, on a
 * loopback port, and a {@link QueryServer} calling it over gRPC (one call per shard, the same path
 * as a cluster's). It follows {@code CURRENT} whatever its generations' shard counts. The Java entry
 * point for tools and tests: {@link #start}, then {@link #port()}.
 */
public final class EmbeddedService implements AutoCloseable {
  private final ShardServer shardServer;
  private final QueryServer server;

  private EmbeddedService(ShardServer shardServer, QueryServer server) {
    this.shardServer = shardServer;
    this.server = server;
  }

  /**
   * Starts the shard server for the index under {@code indexRoot} (any Hadoop URI) and the API on
   * {@code host:port} (port 0 picks a free one).
   */
  public static EmbeddedService start(EngineConfig config, String indexRoot, String host, int port)
      throws IOException {
    GenerationStore store = new GenerationStore(new Configuration(), indexRoot);
    if (store.current().isEmpty()) {
      throw new IOException(store.root() + " has no " + GenerationStore.CURRENT
          + ": build an index first (bin/engine index build)");
    }
    QueryConfig query = config.query();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    // Its own shard server, on loopback in the same JVM, is called in plaintext; TLS is the API's.
    ShardServer shardServer = ShardServer.start(store, Set.of(), new InetSocketAddress(loopback, 0),
        query.withTls(TlsConfig.NONE));
    try {
      String endpoint = loopback.getHostAddress() + ":" + shardServer.port();
      QueryServer server = QueryServer.start(config, query.withShardServers(List.of(endpoint))
          .withTls(query.tls().httpOnly()), host, port);
      return new EmbeddedService(shardServer, server);
    } catch (RuntimeException e) {
      shardServer.close();
      throw e;
    }
  }

  /** The HTTP API's port. */
  public int port() {
    return server.port();
  }

  public QueryService service() {
    return server.service();
  }

  /** The HTTP routes served, as "METHOD path". */
  public List<String> routes() {
    return server.routes();
  }

  @Override
  public void close() {
    server.close();
    shardServer.close();
  }
}
