package io.faceengine.query.http;

import io.faceengine.audit.AuditLog;
import io.faceengine.audit.ProbeHash;
import io.faceengine.core.image.InvalidImageException;
import io.faceengine.query.Candidate;
import io.faceengine.query.Decision;
import io.faceengine.query.QueryException;
import io.faceengine.query.SearchAnswer;
import io.faceengine.query.VerifyAnswer;
import io.faceengine.query.http.RequestReader.SearchProbe;
import io.faceengine.query.http.RequestReader.VerifyPair;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the API writes to the {@link AuditLog}: one record per identification ({@code /v1/search})
 * and verification ({@code /v1/verify}), answered or refused. A record holds the token id (the
 * request attribute {@value #TOKEN_ID_ATTRIBUTE}, set by the authorisation; null without one), the
 * probe's SHA-256, and the outcome: every probe face's decision and its candidates' face ids and the
 * generation searched, or the verification's distance and verdict, or the error code. Never an
 * image, an embedding or a token.
 *
 * <p>An answer is given only once its record is written: when the write fails, the request is
 * answered 503 {@code audit_unavailable} instead (a service that must audit does not answer
 * unaudited). A refused request whose record cannot be written keeps its own error; the failure is logged.
 */
final class AuditTrail {
  static final String TOKEN_ID_ATTRIBUTE = "faceengine.token-id";
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private final AuditLog log;

  AuditTrail(AuditLog log) {
    this.log = log;
  }

  /** Records an answered search; throws 503 {@code audit_unavailable} when it cannot. */
  void searched(Context ctx, SearchProbe probe, SearchAnswer answer) {
    Map<String, Object> fields = request(ctx, probe(probe));
    fields.put("status", 200);
    fields.put("generation", answer.generation());
    fields.put("model_id", answer.modelId());
    fields.put("partial", answer.partial());
    List<Map<String, Object>> faces = new ArrayList<>();
    for (SearchAnswer.ProbeFace face : answer.faces()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("decision", decision(face.decision()));
      entry.put("candidates", face.candidates().stream().map(Candidate::faceId).toList());
      faces.add(entry);
    }
    fields.put("faces", faces);
    write("search", fields);
  }

  /** Records an answered verification; throws 503 {@code audit_unavailable} when it cannot. */
  void verified(Context ctx, VerifyPair pair, VerifyAnswer answer) {
    Map<String, Object> fields = request(ctx, probes(pair));
    fields.put("status", 200);
    fields.put("model_id", answer.modelId());
    fields.put("distance", answer.distance());
    fields.put("threshold", answer.threshold());
    fields.put("same_person", answer.samePerson());
    write("verify", fields);
  }

  /** Records a search refused with {@code error}; {@code probe} null when the request could not be read. */
  void searchRefused(Context ctx, SearchProbe probe, Exception error) {
    refused("search", ctx, probe == null ? null : probe(probe), error);
  }

  /** Records a verification refused with {@code error}; {@code pair} null when the request could not be read. */
  void verifyRefused(Context ctx, VerifyPair pair, Exception error) {
    refused("verify", ctx, pair == null ? null : probes(pair), error);
  }

  private void refused(String event, Context ctx, Map<String, Object> probe, Exception error) {
    Map<String, Object> fields = request(ctx, probe);
    fields.put("error", errorCode(error));
    try {
      log.record(event, fields);
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot write the audit record of a refused {} request to {}: {}", event,
          log.dir().map(Object::toString).orElse(""), e.toString());
    }
  }

  private void write(String event, Map<String, Object> fields) {
    try {
      log.record(event, fields);
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot write the audit record of a {} answer to {}: answered 503 instead", event,
          log.dir().map(Object::toString).orElse(""), e);
      throw new QueryException(QueryException.Kind.UNAVAILABLE, "audit_unavailable",
          "the audit log cannot be written (" + e.getMessage() + "): this service answers no identification"
              + " or verification it cannot record");
    }
  }

  private static Map<String, Object> request(Context ctx, Map<String, Object> probe) {
    Map<String, Object> fields = new LinkedHashMap<>();
    Object tokenId = ctx.attribute(TOKEN_ID_ATTRIBUTE);
    fields.put("token_id", tokenId == null ? null : tokenId.toString());
    fields.put("client", ctx.ip());
    fields.put("probe", probe);
    return fields;
  }

  private static Map<String, Object> probe(SearchProbe probe) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (probe.image() != null) {
      fields.put("kind", "image");
      fields.put("sha256", ProbeHash.of(probe.image()));
    } else if (probe.embedding() != null) {
      fields.put("kind", "embedding");
      fields.put("sha256", ProbeHash.of(probe.embedding()));
    } else {
      fields.put("kind", "face_id");
      fields.put("face_id", probe.faceId());
    }
    return fields;
  }

  private static Map<String, Object> probes(VerifyPair pair) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("kind", "images");
    fields.put("a_sha256", ProbeHash.of(pair.a()));
    fields.put("b_sha256", ProbeHash.of(pair.b()));
    return fields;
  }

  private static Map<String, Object> decision(Decision decision) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("known", decision.known());
    fields.put("identity", decision.identity());
    fields.put("face_id", decision.faceId());
    fields.put("distance", decision.distance());
    fields.put("threshold", decision.threshold());
    if (decision.reasons() != null) {
      fields.put("reasons", decision.reasons());
    }
    return fields;
  }

  private static String errorCode(Exception e) {
    if (e instanceof QueryException q) {
      return q.error();
    }
    if (e instanceof HttpError h) {
      return h.error();
    }
    if (e instanceof InvalidImageException) {
      return "invalid_image";
    }
    return e.getClass().getSimpleName();
  }
}
