package io.faceengine.query;

import io.faceengine.audit.AuditLog;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import io.faceengine.query.clusters.Clusters;
import io.faceengine.query.http.HttpApi;
import io.faceengine.query.router.Router;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A router with the face pipeline and the HTTP API: the front of the query service. Its shard
 * servers are those of {@code query.shardServers()}.
 */
public final class QueryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
  /** How long a start waits for the shard servers to have a generation ready before serving (503 until then). */
  private static final java.time.Duration READY_WAIT = java.time.Duration.ofSeconds(30);

  private final FacePipeline pipeline;
  private final Router router;
  private final QueryService service;
  private final HttpApi http;
  private final Clusters clusters;
  private final AuditLog audit;

  private QueryServer(FacePipeline pipeline, Router router, Clusters clusters, QueryService service, HttpApi http,
      AuditLog audit) {
    this.pipeline = pipeline;
    this.audit = audit;
    this.clusters = clusters;
    this.router = router;
    this.service = service;
    this.http = http;
  }

  /** Starts the router (connecting to the shard servers of {@code query.shardServers()}) and the API on {@code host:port}. */
  public static QueryServer start(EngineConfig config, QueryConfig query, String host, int port) {
    HttpApi.checkSecurity(query);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FacePipeline pipeline = FacePipelineFactory.create(config, ModelManifest.load(config.models().manifest()));
    Router router = null;
    Clusters clusters = Clusters.none();
    AuditLog audit = AuditLog.off();
    try {
      audit = AuditLog.open(config.audit());
      clusters = Clusters.start(query);
      router = Router.start(query, pipeline.embedderSpec().metric(), config.index().personDistance(), metrics);
      router.awaitReady(READY_WAIT);
      QueryService service = new QueryService(pipeline, router, query, config.index().targetFpir(), clusters,
          config.quality().gateSearches());
      HttpApi http = HttpApi.start(service, query, metrics, audit, host, port);
      LOG.info("query service on {} port {}: {}, {} shard server{}, tokens {}", query.tls().serves() ? "HTTPS" : "HTTP", http.port(),
          router.active().map(g -> "gen-" + g.generation() + " (" + g.shardCount() + " shards)")
              .orElse("no generation ready yet"),
          router.servers(), router.servers() == 1 ? "" : "s",
          query.tokensFile().map(f -> "from " + f).orElse(query.token().isPresent() || query.tokenFile().isPresent()
              ? "required" : "not required"));
      if (audit.enabled()) {
        LOG.info("audit log: every search and verification recorded in {}", audit.dir().orElseThrow());
      } else {
        LOG.warn("no audit log (engine.audit.dir is empty): searches and verifications are not recorded");
      }
      query.clusters().ifPresent(output -> LOG.info("serving the clustering {}: {} clusters", output,
          service.clusters().count().orElse(0L)));
      router.active().filter(g -> !g.modelId().equals(pipeline.embedderSpec().id())).ifPresent(g -> LOG.warn(
          "gen-{} holds embeddings of model {} but this service embeds with {}: image searches will be refused"
              + " (409 model_mismatch); set engine.models.embedder = {} to query this index",
          g.generation(), g.modelId(), pipeline.embedderSpec().id(), g.modelId()));
      return new QueryServer(pipeline, router, clusters, service, http, audit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeAll(router, clusters, pipeline);
      throw new IllegalStateException("interrupted while starting", e);
    } catch (IOException e) {
      closeAll(router, clusters, pipeline);
      throw new UncheckedIOException("cannot open the clustering " + query.clusters().orElse("")
          + " or the audit log " + config.audit().dir().map(Object::toString).orElse("") + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(router, clusters, pipeline);
      throw e;
    }
  }

  private static void closeAll(Router router, Clusters clusters, FacePipeline pipeline) {
    if (router != null) {
      router.close();
    }
    clusters.close();
    pipeline.close();
  }

  public int port() {
    return http.port();
  }

  public QueryService service() {
    return service;
  }

  /** The HTTP routes served, as "METHOD path". */
  public java.util.List<String> routes() {
    return http.routes();
  }

  @Override
  public void close() {
    try (pipeline; clusters; router; http) {
      // closed in reverse order: the API first, then the router, the clustering, then the models
    } finally {
      try {
        audit.close();
      } catch (IOException e) {
        LOG.warn("cannot close the audit log: {}", e.toString());
      }
    }
  }
}
