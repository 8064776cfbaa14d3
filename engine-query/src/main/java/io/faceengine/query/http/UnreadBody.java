package io.faceengine.query.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * The rest of a request body that an error answer did not need (a request refused on its headers:
 * media type, token, overload, size). Jetty would close the connection after the answer without
 * saying so, while the client may still be sending the body: it would see a broken pipe or no
 * answer instead of the error, or fail its next request on that connection. So the rest is read
 * and dropped, also for a body up to twice the accepted size (cheaper than a lost answer); a
 * larger one, or a chunked body Jetty refused mid-stream, is answered with {@code Connection: close}.
 */
final class UnreadBody {
  private static final String LIMIT = "faceengine.max-body-bytes";

  private UnreadBody() {}

  /** Records the most bytes the API accepts for this request's body. */
  static void limit(Context ctx, long maxBodyBytes) {
    ctx.attribute(LIMIT, maxBodyBytes);
  }

  /** Before an error answer of {@code status}: reads what is left of the body, or closes the connection. */
  static void finish(Context ctx, int status) {
    boolean chunked = ctx.header("Transfer-Encoding") != null;
    long length = ctx.req().getContentLengthLong();
    if (length <= 0 && !chunked) {
      return;
    }
    Long max = ctx.attribute(LIMIT);
    long bound = max == null ? 0 : 2 * max;
    boolean refusedMidStream = chunked && status == 413;
    if (refusedMidStream || length > bound || !drained(ctx, bound)) {
      ctx.header("Connection", "close");
    }
  }

  private static boolean drained(Context ctx, long bound) {
    byte[] buffer = new byte[16 * 1024];
    long read = 0;
    try {
      InputStream in = ctx.req().getInputStream();
      for (int n; (n = in.read(buffer)) != -1; ) {
        read += n;
        if (read > bound) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) { // a body Jetty already refused, or a client gone
      return false;
    }
  }
}
