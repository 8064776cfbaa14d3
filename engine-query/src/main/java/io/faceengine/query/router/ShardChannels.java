package io.faceengine.query.router;

import io.faceengine.query.rpc.ShardServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One gRPC channel per shard server endpoint: for shard i, one per replica, in configuration order. */
final class ShardChannels implements AutoCloseable {
  private final List<List<String>> endpoints;
  private final List<List<ManagedChannel>> channels = new ArrayList<>();

  ShardChannels(List<List<String>> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("a router needs the endpoints of at least one shard");
    }
    this.endpoints = List.copyOf(endpoints);
    for (List<String> replicas : endpoints) {
      List<ManagedChannel> shard = new ArrayList<>();
      for (String endpoint : replicas) {
        shard.add(Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create()).build());
      }
      channels.add(List.copyOf(shard));
    }
  }

  int shards() {
    return channels.size();
  }

  int replicas(int shard) {
    return channels.get(shard).size();
  }

  String endpoint(int shard, int replica) {
    return endpoints.get(shard).get(replica);
  }

  ShardServiceGrpc.ShardServiceFutureStub futureStub(int shard, int replica) {
    return ShardServiceGrpc.newFutureStub(channels.get(shard).get(replica));
  }

  ShardServiceGrpc.ShardServiceBlockingStub blockingStub(int shard, int replica) {
    return ShardServiceGrpc.newBlockingStub(channels.get(shard).get(replica));
  }

  @Override
  public void close() {
    channels.forEach(shard -> shard.forEach(ManagedChannel::shutdownNow));
    for (List<ManagedChannel> shard : channels) {
      for (ManagedChannel channel : shard) {
        try {
          channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
