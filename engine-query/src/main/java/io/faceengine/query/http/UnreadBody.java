package io.faceengine.query.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * The rest of a request body that an error answer did not need (a request refused on its headers:
 * media type, token, overload). Jetty would close the connection after the answer without saying
 * so, while the client may still be sending the body: it would see a broken pipe or no answer
 * instead of the error. Reading the rest lets the client read the answer and reuse the connection.
 * A body whose Content-Length is larger than the API accepts is not read: Jetty's own handling
 * closes that connection (saying {@code Connection: close} ourselves made Jetty close it at once,
 * and the client, still sending, lost the answer). A chunked body that cannot be read to its end
 * closes the connection, and the answer says so.
 */
final class UnreadBody {
  private static final String LIMIT = "faceengine.max-body-bytes";

  private UnreadBody() {}

  /** Records the most bytes {@link #finish} may read for this request: the bodies the API accepts. */
  static void limit(Context ctx, long maxBodyBytes) {
    ctx.attribute(LIMIT, maxBodyBytes);
  }

  /** Reads and drops what is left of a body the API would accept; see the class comment for larger ones. */
  static void finish(Context ctx) {
    boolean chunked = ctx.header("Transfer-Encoding") != null;
    long length = ctx.req().getContentLengthLong();
    Long max = ctx.attribute(LIMIT);
    if ((length <= 0 && !chunked) || max == null || length > max) {
      return;
    }
    byte[] buffer = new byte[16 * 1024];
    long read = 0;
    try {
      InputStream in = ctx.req().getInputStream();
      for (int n; (n = in.read(buffer)) != -1; ) {
        read += n;
        if (read > max) {
          ctx.header("Connection", "close");
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // a chunked body Jetty refused past the limit, or a client gone: the connection cannot carry
      // another request, and a client told so opens a new one instead of failing on this one
      ctx.header("Connection", "close");
    }
  }
}
