package io.faceengine.query.shard;

import io.faceengine.index.lucene.ShardMatch;
import io.faceengine.index.lucene.ShardSchema;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.query.rpc.GenerationStatus;
import io.faceengine.query.rpc.GetFaceRequest;
import io.faceengine.query.rpc.GetFaceResponse;
import io.faceengine.query.rpc.SearchRequest;
import io.faceengine.query.rpc.SearchResponse;
import io.faceengine.query.rpc.ShardServiceGrpc;
import io.faceengine.query.rpc.ShardStatus;
import io.faceengine.query.rpc.StatusRequest;
import io.faceengine.query.rpc.StatusResponse;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.search.Query;

/** The shard service: searches and face lookups on the generations a {@link GenerationWatcher} has ready. */
final class ShardServiceImpl extends ShardServiceGrpc.ShardServiceImplBase {
  private final GenerationWatcher generations;
  private final int maxK;

  ShardServiceImpl(GenerationWatcher generations, int maxK) {
    this.generations = generations;
    this.maxK = maxK;
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResponse> response) {
    if (request.getK() < 1 || request.getK() > maxK) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("k must be in [1, " + maxK + "], got " + request.getK())
          .asException());
      return;
    }
    withShard(request.getGeneration(), request.getShard(), response, searcher -> {
      long started = System.nanoTime();
      float[] probe = new float[request.getProbeCount()];
      for (int i = 0; i < probe.length; i++) {
        probe[i] = request.getProbe(i);
      }
      SearchResponse.Builder out = SearchResponse.newBuilder()
          .setGeneration(request.getGeneration()).setShard(request.getShard());
      try {
        if (request.getPersonLabelsCount() > 0) {
          for (String label : request.getPersonLabelsList()) {
            searcher.nearestOfLabel(label, probe).ifPresent(m -> out.addCandidates(ShardMessages.face(m)));
            searcher.template(label, probe).ifPresent(t -> out.addTemplates(ShardMessages.template(t)));
          }
        } else {
          Query filter = request.getLabel().isEmpty() ? null : ShardSchema.labelFilter(request.getLabel());
          List<ShardMatch> matches = searcher.searchWithVectors(probe, request.getK(), filter);
          matches.forEach(m -> out.addCandidates(ShardMessages.face(m)));
          if (request.getTemplatesK() > 0) {
            searcher.searchTemplates(probe, Math.min(request.getTemplatesK(), maxK), filter)
                .forEach(t -> out.addTemplates(ShardMessages.template(t)));
          }
        }
      } catch (IllegalArgumentException e) { // a probe of the wrong dimension or not normalised
        throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException();
      }
      return out.setTookNanos(System.nanoTime() - started).build();
    });
  }

  @Override
  public void getFace(GetFaceRequest request, StreamObserver<GetFaceResponse> response) {
    withShard(request.getGeneration(), request.getShard(), response, searcher -> {
      Optional<ShardMatch> face = searcher.face(request.getFaceId());
      GetFaceResponse.Builder out = GetFaceResponse.newBuilder().setFound(face.isPresent());
      face.ifPresent(f -> out.setFace(ShardMessages.face(f)));
      return out.build();
    });
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
    if (request.getSearching() > 0) {
      generations.markInUse(request.getSearching());
    }
    StatusResponse.Builder out = StatusResponse.newBuilder().setCurrent(generations.current());
    for (OpenGeneration open : generations.ready()) {
      GenerationStatus.Builder gen = GenerationStatus.newBuilder()
          .setGeneration(open.generation())
          .setShardCount(open.manifest().shardCount())
          .setDimension(open.manifest().dimension())
          .setModelId(open.manifest().modelId())
          .setTemplates(open.manifest().templates());
      if (open.manifest().calibration() != null) {
        gen.setCalibration(ShardMessages.calibration(open.manifest().calibration()));
      }
      open.shards().forEach((shard, searcher) ->
          gen.addShards(ShardStatus.newBuilder().setShard(shard).setDocs(searcher.docs())));
      out.addReady(gen);
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  /** A call on one shard of one generation. */
  private interface ShardCall<T> {
    T apply(ShardSearcher searcher) throws IOException, StatusException;
  }

  /** Runs a call on a ready shard, holding its generation open meanwhile; answers a clear status otherwise. */
  private <T> void withShard(long generation, int shard, StreamObserver<T> response, ShardCall<T> call) {
    Optional<OpenGeneration> acquired = generations.acquire(generation);
    if (acquired.isEmpty()) {
      response.onError(Status.FAILED_PRECONDITION.withDescription("gen-" + generation + " is not ready on this server"
          + " (ready: " + generations.ready().stream().map(OpenGeneration::generation).toList() + ")").asException());
      return;
    }
    OpenGeneration open = acquired.get();
    try {
      ShardSearcher searcher = open.shards().get(shard);
      if (searcher == null) {
        response.onError(Status.NOT_FOUND.withDescription("shard " + shard + " of gen-" + generation
            + " is not hosted here (hosted: " + open.shards().keySet() + ")").asException());
        return;
      }
      T result = call.apply(searcher);
      response.onNext(result);
      response.onCompleted();
    } catch (StatusException e) {
      response.onError(e);
    } catch (IOException | RuntimeException e) {
      response.onError(Status.INTERNAL.withDescription("shard " + shard + " of gen-" + generation + ": " + e)
          .withCause(e).asException());
    } finally {
      open.release();
    }
  }
}
