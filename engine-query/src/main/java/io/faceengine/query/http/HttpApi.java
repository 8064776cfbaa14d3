package io.faceengine.query.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.faceengine.audit.AuditLog;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.image.InvalidImageException;
import io.faceengine.core.pipeline.FaceAnalysisException;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.query.Admission;
import io.faceengine.query.FaceImages;
import io.faceengine.query.Health;
import io.faceengine.query.QueryException;
import io.faceengine.query.QueryService;
import io.faceengine.query.SearchAnswer;
import io.faceengine.query.VerifyAnswer;
import io.faceengine.query.clusters.Clusters;
import io.faceengine.query.http.RequestReader.SearchProbe;
import io.faceengine.query.http.RequestReader.VerifyPair;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/JSON API (described by {@code /openapi.json}) over a {@link QueryService}. Every error is
 * a JSON {@code {"error": code, "message": ...}} with a 4xx status, or 503 while no generation is
 * ready or when the service is overloaded ({@link Admission}, with a Retry-After header); a shard
 * that fails makes an answer partial, never an error. With tokens configured ({@link TokenGuard}), every
 * {@code /v1/*} route but {@code /v1/health} requires {@code Authorization: Bearer <token>} of a token
 * with the route's {@link Scope}, within that token's limits; {@code /v1/health}, {@code /metrics} and
 * {@code /openapi.json} stay open for probes and scrapers, and so do the console's static files at
 * {@code /} (they hold no data: the page asks for the token). With a TLS certificate configured the
 * API serves HTTPS only ({@link HttpsConnector}). Nothing it logs holds a request's body or token.
 * Every search and verification, answered or refused, is recorded in the audit log ({@link AuditTrail})
 * before it is answered.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  static final String OPENAPI_RESOURCE = "/io/faceengine/query/openapi.json";
  static final String CONSOLE_RESOURCES = "/io/faceengine/query/console";
  /** On {@code GET /v1/faces/{face_id}/image}: the face's box in the returned image's pixels, "x,y,width,height". */
  static final String FACE_BOX_HEADER = "X-Face-Box";

  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /**
   * Reads the tokens and TLS files the API will use, so that a mistake in them stops a start at once
   * (with a message naming the setting), before it waits for shard servers.
   */
  public static void checkSecurity(QueryConfig config) {
    TokenGuard.of(config);
    if (config.tls().serves()) {
      HttpsConnector.check(config.tls());
    }
  }

  /** Starts the API on {@code host:port} (port 0 picks a free one). */
  public static HttpApi start(QueryService service, QueryConfig config, PrometheusMeterRegistry metrics, AuditLog audit,
      String host, int port) {
    byte[] openApi = resource(OPENAPI_RESOURCE);
    AuditTrail trail = new AuditTrail(audit);
    Javalin app = Javalin.create(c -> {
      configure(c, service, config, metrics, trail, openApi);
      if (config.tls().serves()) {
        c.jetty.addConnector((server, http) -> HttpsConnector.create(server, http, config.tls(), host, port));
      }
    });
    app.start(host, port); // with an HTTPS connector, Javalin adds no plain-HTTP one
    return new HttpApi(app);
  }

  private static void configure(JavalinConfig c, QueryService service, QueryConfig config,
      PrometheusMeterRegistry metrics, AuditTrail audit, byte[] openApi) {
    c.startup.showJavalinBanner = false;
    c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    c.http.maxRequestSize = config.maxBodyBytes();
    c.jetty.multipartConfig.maxTotalRequestSize(config.maxBodyBytes(), SizeUnit.BYTES);
    c.jetty.multipartConfig.maxFileSize(config.maxBodyBytes(), SizeUnit.BYTES);
    // The console (plain ES modules and CSS in the jar): public files, calling the API like any client.
    c.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = CONSOLE_RESOURCES;
      files.location = Location.CLASSPATH;
    });
    c.requestLogger.http((ctx, ms) -> {
      requestTimer(metrics, ctx).record(Duration.ofNanos((long) (ms * 1e6)));
      String tokenId = ctx.attribute(TokenGuard.TOKEN_ID_ATTRIBUTE);
      if (tokenId != null) { // who uses the API, and who is refused: by token id, never by secret
        metrics.counter("faceengine.http.token.requests", "token", tokenId, "status", String.valueOf(ctx.statusCode()))
            .increment();
      }
    });

    c.routes.before(ctx -> {
      UnreadBody.limit(ctx, config.maxBodyBytes());
      checkBodySize(ctx, config.maxBodyBytes());
    });
    TokenGuard tokens = TokenGuard.of(config); // read once: token files are read at start
    c.routes.before("/v1/*", tokens::authenticate);

    Admission admission = admission(config, metrics);
    // Every route but health: a token with its scope, within the token's limits, then a slot of the service.
    BiFunction<Scope, Handler, Handler> guarded = (scope, route) -> tokens.require(scope, admitted(admission, route));
    c.routes.post("/v1/search", guarded.apply(Scope.SEARCH, ctx -> {
      SearchProbe probe = null;
      SearchAnswer answer;
      try {
        probe = RequestReader.search(ctx);
        answer = search(service, probe);
      } catch (Exception e) {
        audit.searchRefused(ctx, probe, e);
        throw e;
      }
      audit.searched(ctx, probe, answer); // no record, no answer
      json(ctx, 200, answer);
    }));
    c.routes.post("/v1/verify", guarded.apply(Scope.SEARCH, ctx -> {
      VerifyPair pair = null;
      VerifyAnswer answer;
      try {
        pair = RequestReader.verify(ctx);
        answer = service.verify(pair.a(), "image a", pair.b(), "image b", pair.threshold());
      } catch (Exception e) {
        audit.verifyRefused(ctx, pair, e);
        throw e;
      }
      audit.verified(ctx, pair, answer);
      json(ctx, 200, answer);
    }));
    c.routes.get("/v1/faces/{face_id}", guarded.apply(Scope.SEARCH, ctx -> json(ctx, 200, service.face(ctx.pathParam("face_id")))));
    c.routes.get("/v1/faces/{face_id}/thumbnail", guarded.apply(Scope.SEARCH, ctx -> jpeg(ctx,
        service.thumbnail(ctx.pathParam("face_id"), RequestReader.size(ctx, FaceImages.DEFAULT_THUMBNAIL)))));
    c.routes.get("/v1/faces/{face_id}/image", guarded.apply(Scope.SEARCH, ctx -> {
      FaceImages.SourceImage image = service.sourceImage(ctx.pathParam("face_id"),
          RequestReader.size(ctx, FaceImages.DEFAULT_IMAGE));
      BoundingBox box = image.box();
      ctx.header(FACE_BOX_HEADER, String.format(Locale.ROOT, "%.1f,%.1f,%.1f,%.1f", box.x(), box.y(), box.width(),
          box.height()));
      jpeg(ctx, image.jpeg());
    }));
    c.routes.get("/v1/faces/{face_id}/cluster", guarded.apply(Scope.SEARCH, ctx -> json(ctx, 200,
        service.clusters().faceCluster(ctx.pathParam("face_id")))));
    c.routes.get("/v1/clusters", guarded.apply(Scope.SEARCH, ctx -> json(ctx, 200, service.clusters().list(
        RequestReader.offset(ctx), RequestReader.limit(ctx, Clusters.DEFAULT_CLUSTERS),
        RequestReader.flag(ctx, "unnamed_first")))));
    c.routes.get("/v1/clusters/{cluster_id}", guarded.apply(Scope.SEARCH, ctx -> json(ctx, 200, service.clusters().cluster(
        RequestReader.clusterId(ctx), RequestReader.offset(ctx), RequestReader.limit(ctx, Clusters.DEFAULT_MEMBERS)))));
    c.routes.post("/v1/clusters/{cluster_id}/name", guarded.apply(Scope.ENROL, ctx -> {
      long clusterId = RequestReader.clusterId(ctx);
      RequestReader.NameBody body = RequestReader.name(ctx);
      json(ctx, 200, service.clusters().name(clusterId, body.label(), body.by()));
    }));
    c.routes.get("/v1/health", ctx -> {
      Health health = service.health();
      json(ctx, "not_ready".equals(health.status()) ? 503 : 200, health);
    });
    c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    c.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

    c.routes.exception(QueryException.class, (e, ctx) -> {
      String retryAfter = HttpStatuses.retryAfter(e.kind());
      if (retryAfter != null) {
        ctx.header("Retry-After", retryAfter);
      }
      error(ctx, HttpStatuses.of(e.kind()), e.error(), e.getMessage());
    });
    c.routes.exception(HttpError.class, (e, ctx) -> {
      if (e.retryAfterSeconds() > 0) {
        ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
      }
      error(ctx, e.status(), e.error(), e.getMessage());
    });
    c.routes.exception(InvalidImageException.class, (e, ctx) -> {
      switch (e.reason()) {
        case TOO_MANY_PIXELS -> error(ctx, 413, "too_many_pixels", e.getMessage());
        case UNSUPPORTED_FORMAT -> error(ctx, 415, "unsupported_image", e.getMessage());
        default -> error(ctx, 400, "invalid_image", e.getMessage());
      }
    });
    c.routes.exception(FaceAnalysisException.class, (e, ctx) -> error(ctx, 422, "face_analysis_failed",
        e.getMessage()));
    // Javalin's own: no route matched, a body over the limit.
    c.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), switch (e.getStatus()) {
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "body_too_large";
      default -> "http_" + e.getStatus();
    }, e.getMessage() + "; see /openapi.json"));
    c.routes.exception(Exception.class, (e, ctx) -> {
      Optional<BadMessageException> bad = causeOfType(e, BadMessageException.class);
      if (bad.isPresent()) { // Jetty refusing a request, e.g. a chunked multipart body over the limit
        String reason = rootCause(e).getMessage();
        boolean tooLarge = reason != null && reason.startsWith("max length exceeded");
        error(ctx, tooLarge ? 413 : bad.get().getCode(), tooLarge ? "body_too_large" : "bad_request",
            tooLarge ? "the request body is larger than the " + config.maxBodyBytes()
                + " bytes accepted (engine.query.max-body-bytes)" : bad.get().getMessage() + ": " + reason);
        return;
      }
      // Exception messages may quote the request (a parser's, a number's): logged without them.
      LOG.error("{} {} failed", ctx.method(), ctx.path(), LoggedException.withoutMessages(e));
      error(ctx, 500, "internal", e.toString());
    });
  }

  /**
   * The service's admission control, with its state as gauges: every route but health, metrics and
   * static files takes a slot before it reads the request's body.
   */
  private static Admission admission(QueryConfig config, PrometheusMeterRegistry metrics) {
    Admission admission = new Admission(config.inFlightPermits(), config.queuedRequests());
    Gauge.builder("faceengine.http.admission.in_flight", admission, Admission::inFlight)
        .description("API requests being answered").register(metrics);
    Gauge.builder("faceengine.http.admission.waiting", admission, Admission::waiting)
        .description("API requests waiting for a slot").register(metrics);
    FunctionCounter.builder("faceengine.http.admission.refused", admission, Admission::refused)
        .description("API requests refused as overloaded").register(metrics);
    return admission;
  }

  private static Handler admitted(Admission admission, Handler route) {
    return ctx -> {
      try (Admission.Permit permit = admission.admit()) {
        route.handle(ctx);
      }
    };
  }

  private static SearchAnswer search(QueryService service, SearchProbe probe) throws InterruptedException {
    if (probe.image() != null) {
      return service.searchImage(probe.image(), probe.source(), probe.options());
    }
    if (probe.embedding() != null) {
      return service.searchEmbedding(probe.embedding(), probe.options());
    }
    return service.searchFace(probe.faceId(), probe.options());
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** The routes registered, as "METHOD path" (e.g. "POST /v1/search"): what /openapi.json must describe. */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(p -> p.endpoint)
        .filter(e -> e.method.isHttpMethod())
        .map(e -> e.method.name() + " " + e.path)
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static <T extends Throwable> Optional<T> causeOfType(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static void checkBodySize(Context ctx, long max) {
    long length = ctx.req().getContentLengthLong();
    if (length > max) {
      throw new HttpError(413, "body_too_large", "the request body has " + length + " bytes, more than the "
          + max + " accepted (engine.query.max-body-bytes)");
    }
  }

  private static Timer requestTimer(PrometheusMeterRegistry metrics, Context ctx) {
    String route;
    try {
      route = ctx.endpoint().path;
    } catch (RuntimeException e) {
      route = "unmatched";
    }
    return Timer.builder("faceengine.http.requests")
        .description("HTTP requests by route and status")
        .tag("method", ctx.method().name())
        .tag("route", route)
        .tag("status", String.valueOf(ctx.statusCode()))
        .publishPercentileHistogram()
        .register(metrics);
  }

  private static void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(ApiJson.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON", e);
    }
  }

  /** A picture of a stored face: the same face id always shows the same face, so browsers may keep it a while. */
  private static void jpeg(Context ctx, byte[] jpeg) {
    ctx.status(200).contentType("image/jpeg").header("Cache-Control", "private, max-age=3600").result(jpeg);
  }

  private static void error(Context ctx, int status, String code, String message) {
    UnreadBody.finish(ctx, status);
    json(ctx, status, Map.of("error", code, "message", message == null ? code : message));
  }

  private static byte[] resource(String name) {
    try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + name + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
