package io.faceengine.query;

import io.faceengine.core.cli.ConfigOption;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.query.shard.ShardServer;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/engine serve}: the query service. The embedded role runs everything in one JVM; the
 * shard and router roles are the processes of a cluster. Runs until the JVM is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the face index: search, verify and face lookup over HTTP/JSON (see /openapi.json)."
        + " --role embedded (default) starts a shard server for every shard of CURRENT and a router in one JVM;"
        + " --role shard serves shards over gRPC; --role router serves the API over shard servers elsewhere.")
public final class ServeCommand implements Callable<Integer> {
  /**
   * gRPC logs every failed name resolution or connection with a stack trace (java.util.logging); the
   * router reports unreachable shards itself, once per change. Held here: JUL keeps loggers weakly.
   */
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");
  /** What this process runs. */
  enum Role { EMBEDDED, SHARD, ROUTER }

  @Option(names = "--role", paramLabel = "ROLE", defaultValue = "embedded",
      description = "embedded, shard or router (default: ${DEFAULT-VALUE}).")
  String role;

  @Option(names = "--index", paramLabel = "ROOT", description = "The index root (embedded and shard roles); any Hadoop URI.")
  String index;

  @Option(names = "--port", paramLabel = "P", description = "HTTP port (default: engine.query.port).")
  Integer port;

  @Option(names = "--host", paramLabel = "H", defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--grpc-port", paramLabel = "P", description = "Shard role: gRPC port (default: engine.query.grpc-port).")
  Integer grpcPort;

  @Option(names = "--shards", paramLabel = "N", split = ",",
      description = "Shard role: the shard numbers to host (default: every shard).")
  List<Integer> shards;

  @Option(names = "--shard-servers", paramLabel = "HOST:PORT", split = ",",
      description = "Router role: the shard servers, in any order; each says which shards it hosts"
          + " (default: engine.query.shard-servers).")
  List<String> shardServers;

  @Option(names = "--clusters", paramLabel = "DIR",
      description = "Embedded and router roles: a clustering output (bin/engine cluster) to serve: /v1/clusters...,"
          + " naming clusters, cluster names in search answers (default: engine.query.clusters).")
  String clusters;

  @Mixin ConfigOption configOption;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = configOption.config();
    if (clusters != null) {
      if (parseRole() == Role.SHARD) {
        throw new IllegalArgumentException("--clusters is for the embedded and router roles: they serve the API");
      }
      config = config.withQuery(config.query().withClusters(java.util.Optional.of(clusters)));
    }
    QueryConfig query = config.query();
    GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
    int httpPort = port != null ? port : query.port();
    AutoCloseable running = switch (parseRole()) {
      case EMBEDDED -> EmbeddedService.start(config, requireIndex(), host, httpPort);
      case SHARD -> ShardServer.start(new GenerationStore(new Configuration(), requireIndex()),
          shards == null ? Set.of() : new TreeSet<>(shards),
          new InetSocketAddress(host, grpcPort != null ? grpcPort : query.grpcPort()), query);
      case ROUTER -> QueryServer.start(config, query.withShardServers(shardServers(query)), host, httpPort);
    };
    if (running instanceof EmbeddedService embedded) {
      announceConsole(embedded.port());
    } else if (running instanceof QueryServer router) {
      announceConsole(router.port());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("engine serve: while stopping: " + e);
      }
      stopped.countDown();
    }, "engine-serve-stop"));
    stopped.await();
    return 0;
  }

  /** Where a person points a browser: the console, served at / by the API. */
  private void announceConsole(int httpPort) {
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    System.out.println("Console: http://" + shown + ":" + httpPort + "/ (API: /openapi.json). Ctrl-C stops.");
  }

  private Role parseRole() {
    try {
      return Role.valueOf(role.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--role must be one of " + Arrays.toString(Role.values()).toLowerCase(
          java.util.Locale.ROOT) + ", got '" + role + "'");
    }
  }

  private String requireIndex() {
    if (index == null) {
      throw new IllegalArgumentException("--index ROOT is required for the " + role + " role");
    }
    return index;
  }

  private List<String> shardServers(QueryConfig query) {
    if (shardServers != null) {
      return shardServers.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
    if (query.shardServers().isEmpty()) {
      throw new IllegalArgumentException("the router role needs the shard servers: --shard-servers HOST:PORT,..., or"
          + " engine.query.shard-servers in the configuration");
    }
    return query.shardServers();
  }
}
