package io.faceengine.query.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.faceengine.query.QueryException;
import io.faceengine.query.SearchOptions;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;

/**
 * Reads the bodies of {@code POST /v1/search} and {@code POST /v1/verify}: multipart forms with image
 * files, or JSON with base64 images (search also takes an embedding or a stored face_id).
 */
final class RequestReader {
  /** The JSON body of a search; exactly one of image, embedding and face_id. */
  record SearchBody(String image, float[] embedding, String faceId, Integer k, Float threshold, Double fpir,
      String label) {}

  /** The JSON body of a verification. */
  record VerifyBody(String a, String b, Float threshold) {}

  /** A search request: one probe and the options. */
  record SearchProbe(byte[] image, String source, float[] embedding, String faceId, SearchOptions options) {}

  /** A verification request. */
  record VerifyPair(byte[] a, byte[] b, Float threshold) {}

  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  private RequestReader() {}

  static SearchProbe search(Context ctx) {
    if (ctx.isMultipartFormData()) {
      UploadedFile file = requiredFile(ctx, "image");
      SearchOptions options = new SearchOptions(intParam(ctx, "k"), floatParam(ctx, "threshold"), doubleParam(ctx, "fpir"),
          ctx.formParam("label"));
      return new SearchProbe(bytes(file), "image '" + file.filename() + "'", null, null, options);
    }
    SearchBody body = json(ctx, SearchBody.class);
    int probes = (body.image() != null ? 1 : 0) + (body.embedding() != null ? 1 : 0) + (body.faceId() != null ? 1 : 0);
    if (probes != 1) {
      throw QueryException.badRequest("invalid_probe", "give exactly one probe: image (base64), embedding or face_id;"
          + " got " + probes);
    }
    SearchOptions options = new SearchOptions(body.k(), body.threshold(), body.fpir(), body.label());
    byte[] image = body.image() != null ? base64(body.image(), "image") : null;
    return new SearchProbe(image, "the image", body.embedding(), body.faceId(), options);
  }

  static VerifyPair verify(Context ctx) {
    if (ctx.isMultipartFormData()) {
      return new VerifyPair(bytes(requiredFile(ctx, "a")), bytes(requiredFile(ctx, "b")), floatParam(ctx, "threshold"));
    }
    VerifyBody body = json(ctx, VerifyBody.class);
    if (body.a() == null || body.b() == null) {
      throw QueryException.badRequest("invalid_request", "give both images, a and b, base64-encoded");
    }
    return new VerifyPair(base64(body.a(), "a"), base64(body.b(), "b"), body.threshold());
  }

  private static <T> T json(Context ctx, Class<T> type) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw QueryException.badRequest("malformed_json", "the request body is empty: send JSON or a multipart form");
    }
    try {
      return ApiJson.MAPPER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw QueryException.badRequest("unknown_field", "unknown field '" + e.getPropertyName() + "'; known: "
          + e.getKnownPropertyIds());
    } catch (JacksonException e) {
      throw QueryException.badRequest("malformed_json", "the body is not valid JSON for this request: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw QueryException.badRequest("malformed_json", "cannot read the body: " + e.getMessage());
    }
  }

  private static UploadedFile requiredFile(Context ctx, String part) {
    UploadedFile file = ctx.uploadedFile(part);
    if (file == null) {
      throw QueryException.badRequest("missing_image", "the multipart form has no file part '" + part + "'");
    }
    return file;
  }

  private static byte[] bytes(UploadedFile file) {
    try (InputStream in = file.content()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw QueryException.badRequest("invalid_image", "cannot read the part '" + file.filename() + "': "
          + e.getMessage());
    }
  }

  private static byte[] base64(String value, String field) {
    try {
      return Base64.getDecoder().decode(WHITESPACE.matcher(value).replaceAll("")); // line breaks are common
    } catch (IllegalArgumentException e) {
      throw QueryException.badRequest("invalid_base64", field + " is not base64: " + e.getMessage());
    }
  }

  private static Integer intParam(Context ctx, String name) {
    String value = ctx.formParam(name);
    try {
      return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw QueryException.badRequest("invalid_" + name, name + " must be an integer, got '" + value + "'");
    }
  }

  private static Float floatParam(Context ctx, String name) {
    String value = ctx.formParam(name);
    try {
      return value == null || value.isBlank() ? null : Float.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw QueryException.badRequest("invalid_" + name, name + " must be a number, got '" + value + "'");
    }
  }

  private static Double doubleParam(Context ctx, String name) {
    Float value = floatParam(ctx, name);
    return value == null ? null : value.doubleValue();
  }
}
