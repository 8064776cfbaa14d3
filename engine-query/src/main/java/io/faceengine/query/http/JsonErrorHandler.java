package io.faceengine.query.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any route runs (a URI or headers too long, an unknown HTTP
 * version, a malformed request line), in the API's JSON error shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 413 -> "body_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      case 505 -> "http_version_not_supported";
      default -> "http_" + status;
    };
  }

  private static byte[] body(int status, String message) {
    String text = message == null || message.isBlank() ? "the server refused the request (HTTP " + status + ")"
        : message + " (HTTP " + status + ")";
    try {
      return ApiJson.MAPPER.writeValueAsBytes(Map.of("error", code(status), "message", text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error as JSON", e);
    }
  }
}
