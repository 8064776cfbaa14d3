package io.faceengine.query;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.query.shard.ShardServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The whole query service in one JVM: a shard server per shard of {@code CURRENT}'s generation, each
 * on its own loopback port, and a {@link QueryServer} calling them over gRPC, the same path as a
 * cluster's. The Java entry point for tools and tests: {@link #start}, then {@link #port()}.
 */
public final class EmbeddedService implements AutoCloseable {
  private final List<ShardServer> shardServers;
  private final QueryServer server;

  private EmbeddedService(List<ShardServer> shardServers, QueryServer server) {
    this.shardServers = shardServers;
    this.server = server;
  }

  /**
   * Starts shard servers for the index under {@code indexRoot} (any Hadoop URI) and the API on
   * {@code host:port} (port 0 picks a free one).
   */
  public static EmbeddedService start(EngineConfig config, String indexRoot, String host, int port)
      throws IOException {
    GenerationStore store = new GenerationStore(new Configuration(), indexRoot);
    long gen = store.current().orElseThrow(() -> new IOException(store.root() + " has no "
        + GenerationStore.CURRENT + ": build an index first (bin/engine index build)"));
    GenerationManifest manifest = store.manifest(gen);
    QueryConfig query = config.query();
    List<ShardServer> servers = new ArrayList<>();
    try {
      List<List<String>> endpoints = new ArrayList<>();
      InetAddress loopback = InetAddress.getLoopbackAddress();
      for (int shard = 0; shard < manifest.shardCount(); shard++) {
        ShardServer server = ShardServer.start(store, Set.of(shard), new InetSocketAddress(loopback, 0), query);
        servers.add(server);
        endpoints.add(List.of(loopback.getHostAddress() + ":" + server.port()));
      }
      QueryServer server = QueryServer.start(config, query.withShards(endpoints), host, port);
      return new EmbeddedService(List.copyOf(servers), server);
    } catch (IOException | RuntimeException e) {
      servers.forEach(ShardServer::close);
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
    shardServers.forEach(ShardServer::close);
  }
}
