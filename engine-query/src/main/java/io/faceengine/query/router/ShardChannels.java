package io.faceengine.query.router;

import io.faceengine.core.config.TlsConfig;
import io.faceengine.query.rpc.ShardServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One gRPC channel per shard server, numbered in configuration order: over TLS, trusting the CA of
 * {@code engine.query.tls.ca-file}, when it is set; plaintext otherwise. Which shards a server hosts
 * is not configured: the {@link GenerationTracker} learns it from the servers' status.
 */
final class ShardChannels implements AutoCloseable {
  private final List<String> endpoints;
  private final TlsConfig tls;
  private final List<ManagedChannel> channels;

  ShardChannels(List<String> endpoints, TlsConfig tls) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("a router needs at least one shard server");
    }
    this.endpoints = List.copyOf(endpoints);
    this.tls = tls;
    ChannelCredentials credentials = credentials(tls);
    this.channels = endpoints.stream().map(endpoint -> Grpc.newChannelBuilder(endpoint, credentials).build()).toList();
  }

  private static ChannelCredentials credentials(TlsConfig tls) {
    if (!tls.trustsShards()) {
      return InsecureChannelCredentials.create();
    }
    try {
      return TlsChannelCredentials.newBuilder().trustManager(tls.requireCa().toFile()).build();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("engine.query.tls.ca-file " + tls.caFile().orElseThrow()
          + ": not PEM certificates: " + e.getMessage(), e);
    }
  }

  int servers() {
    return channels.size();
  }

  String endpoint(int server) {
    return endpoints.get(server);
  }

  ShardServiceGrpc.ShardServiceFutureStub futureStub(int server) {
    return ShardServiceGrpc.newFutureStub(channels.get(server));
  }

  /**
   * Why a call to a server failed, for operators: the gRPC status, and for a TLS mismatch between
   * this router and the server, which setting to look at.
   */
  String failure(int server, Throwable failure) {
    Status status = Status.fromThrowable(failure);
    String why = "shard server " + endpoint(server) + ": " + status.getCode()
        + (status.getDescription() == null ? "" : " (" + status.getDescription().lines().findFirst().orElse("") + ")");
    Throwable tlsFailure = causeNamed(failure, "NotSslRecordException");
    if (tls.trustsShards() && tlsFailure != null) {
      return why + ": it does not speak TLS; give it engine.query.tls.cert-file and key-file, or unset this"
          + " router's engine.query.tls.ca-file";
    }
    SSLException handshake = sslCause(failure);
    if (tls.trustsShards() && handshake != null) {
      return why + ": the TLS handshake failed (" + rootMessage(handshake) + "); its certificate must be signed by a CA"
          + " of engine.query.tls.ca-file " + tls.caFile().orElseThrow() + " and name the host " + host(server);
    }
    if (!tls.trustsShards() && status.getCode() == Status.Code.UNAVAILABLE && !refused(failure)) {
      return why + ": if it serves TLS (engine.query.tls.cert-file), this router needs engine.query.tls.ca-file";
    }
    return why;
  }

  private String host(int server) {
    String endpoint = endpoint(server);
    return endpoint.substring(0, endpoint.lastIndexOf(':'));
  }

  private static boolean refused(Throwable failure) {
    return causeNamed(failure, "ConnectException") != null;
  }

  private static Throwable causeNamed(Throwable e, String simpleName) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getSimpleName().equals(simpleName)) {
        return t;
      }
    }
    return null;
  }

  private static SSLException sslCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel channel : channels) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
