package io.faceengine.query.router;

import io.faceengine.query.rpc.ShardServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per shard server, numbered in configuration order. Which shards a server hosts is
 * not configured: the {@link GenerationTracker} learns it from the servers' status.
 */
final class ShardChannels implements AutoCloseable {
  private final List<String> endpoints;
  private final List<ManagedChannel> channels;

  ShardChannels(List<String> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("a router needs at least one shard server");
    }
    this.endpoints = List.copyOf(endpoints);
    this.channels = endpoints.stream()
        .map(endpoint -> Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create()).build())
        .toList();
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
