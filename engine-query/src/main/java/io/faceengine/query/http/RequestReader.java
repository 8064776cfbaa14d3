package io.faceengine.query.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.faceengine.query.QueryException;
import io.faceengine.query.SearchOptions;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the bodies of {@code POST /v1/search} and {@code POST /v1/verify}: multipart forms with image
 * files, or JSON with base64 images (search also takes an embedding or a stored face_id); the name of
 * a cluster; the paging and path parameters of the cluster routes.
 */
final class RequestReader {
  /** The JSON body of a search; exactly one of image, embedding and face_id. */
  record SearchBody(String image, float[] embedding, String faceId, Integer k, Float threshold, Double fpir,
      String label, String quality) {}

  /** The JSON body of a verification. */
  record VerifyBody(String a, String b, Float threshold) {}

  /** The JSON body of naming a cluster: the name, and who gives it (optional). */
  record NameBody(String label, String by) {}

  /** A search request: one probe and the options. */
  record SearchProbe(byte[] image, String source, float[] embedding, String faceId, SearchOptions options) {}

  /** A verification request. */
  record VerifyPair(byte[] a, byte[] b, Float threshold) {}

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '([^']*)'");

  private RequestReader() {}

  static SearchProbe search(Context ctx) {
    if (ctx.isMultipartFormData()) {
      UploadedFile file = requiredFile(ctx, "image");
      SearchOptions options = new SearchOptions(intParam(ctx, "k"), floatParam(ctx, "threshold"), doubleParam(ctx, "fpir"),
          formParam(ctx, "label"), formParam(ctx, "quality"));
      return new SearchProbe(bytes(file), "image '" + file.filename() + "'", null, null, options);
    }
    SearchBody body = json(ctx, SearchBody.class);
    int probes = (body.image() != null ? 1 : 0) + (body.embedding() != null ? 1 : 0) + (body.faceId() != null ? 1 : 0);
    if (probes != 1) {
      throw QueryException.badRequest("invalid_probe", "give exactly one probe: image (base64), embedding or face_id;"
          + " got " + probes);
    }
    SearchOptions options = new SearchOptions(body.k(), body.threshold(), body.fpir(), body.label(), body.quality());
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

  /** The {@code size} query parameter of the picture routes, or the default. */
  static int size(Context ctx, int defaultSize) {
    String value = ctx.queryParam("size");
    try {
      return value == null || value.isBlank() ? defaultSize : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw QueryException.badRequest("invalid_size", "size must be an integer, got '" + value + "'");
    }
  }

  static NameBody name(Context ctx) {
    NameBody body = json(ctx, NameBody.class);
    if (body.label() == null) {
      throw QueryException.badRequest("invalid_label", "give the cluster's name: {\"label\": \"...\"}");
    }
    return body;
  }

  /** The {@code cluster_id} path parameter: a cluster number. */
  static long clusterId(Context ctx) {
    String value = ctx.pathParam("cluster_id");
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw QueryException.badRequest("invalid_cluster_id", "a cluster id is a number, got '" + value + "'");
    }
  }

  /** The {@code offset} query parameter of the paged routes, 0 when absent. */
  static long offset(Context ctx) {
    String value = ctx.queryParam("offset");
    try {
      return value == null || value.isBlank() ? 0 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw QueryException.badRequest("invalid_offset", "offset must be an integer, got '" + value + "'");
    }
  }

  /** The {@code limit} query parameter of the paged routes, or the default. */
  static int limit(Context ctx, int defaultLimit) {
    String value = ctx.queryParam("limit");
    try {
      return value == null || value.isBlank() ? defaultLimit : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw QueryException.badRequest("invalid_limit", "limit must be an integer, got '" + value + "'");
    }
  }

  /** A true/false query parameter, false when absent. */
  static boolean flag(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank() || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw QueryException.badRequest("invalid_" + name, name + " must be true or false, got '" + value + "'");
  }

  private static <T> T json(Context ctx, Class<T> type) {
    String mediaType = Optional.ofNullable(ctx.contentType()).map(t -> t.split(";", 2)[0].trim()).orElse("");
    if (!mediaType.equalsIgnoreCase("application/json")) {
      throw new QueryException(QueryException.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "send JSON with Content-Type: application/json, or a"
          + " multipart/form-data form; got " + (mediaType.isEmpty() ? "no Content-Type" : mediaType));
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw QueryException.badRequest("malformed_json", "the request body is empty: send JSON or a multipart form");
    }
    JsonNode tree;
    try {
      tree = ApiJson.MAPPER.readTree(body);
    } catch (StreamReadException e) {
      Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
      if (duplicate.find()) {
        throw QueryException.badRequest("duplicate_field", "the field '" + duplicate.group(1) + "' appears twice");
      }
      throw QueryException.badRequest("malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw QueryException.badRequest("malformed_json", "cannot read the body: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw QueryException.badRequest("malformed_json", "the body must be a JSON object, {...}; got "
          + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    try {
      return ApiJson.MAPPER.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw QueryException.badRequest("unknown_field", "unknown field '" + e.getPropertyName() + "'; known: "
          + e.getKnownPropertyIds());
    } catch (JsonMappingException e) {
      Optional<String> field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
          .filter(java.util.Objects::nonNull).reduce((first, last) -> last);
      if (field.isPresent()) {
        throw QueryException.badRequest("invalid_" + field.get(), "the field '" + field.get() + "' has the wrong type: "
            + e.getOriginalMessage());
      }
      throw QueryException.badRequest("malformed_json", "the body does not fit this request: " + e.getOriginalMessage());
    } catch (JacksonException e) {
      throw QueryException.badRequest("malformed_json", "the body does not fit this request: " + e.getOriginalMessage());
    }
  }

  /** The one file part of this name; a form that repeats it is ambiguous. */
  private static UploadedFile requiredFile(Context ctx, String part) {
    if (ctx.uploadedFiles(part).size() > 1) {
      throw QueryException.badRequest("duplicate_part", "the multipart form has " + ctx.uploadedFiles(part).size()
          + " file parts '" + part + "'; send one");
    }
    return requiredFileOnce(ctx, part);
  }

  private static UploadedFile requiredFileOnce(Context ctx, String part) {
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

  /** The value of a form field given at most once. */
  private static String formParam(Context ctx, String name) {
    List<String> values = ctx.formParams(name);
    if (values.size() > 1) {
      throw QueryException.badRequest("duplicate_part", "the multipart form has " + values.size() + " fields '" + name
          + "'; send one");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static Integer intParam(Context ctx, String name) {
    String value = formParam(ctx, name);
    try {
      return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw QueryException.badRequest("invalid_" + name, name + " must be an integer, got '" + value + "'");
    }
  }

  private static Float floatParam(Context ctx, String name) {
    String value = formParam(ctx, name);
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
