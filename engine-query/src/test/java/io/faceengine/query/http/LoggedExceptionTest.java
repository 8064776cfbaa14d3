package io.faceengine.query.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What a failed request's log line keeps of its exception: classes and frames, not messages. */
class LoggedExceptionTest {
  @Test
  void keepsTheClassesAndFramesOfTheChainButNoMessage() {
    String secret = "{\"embedding\": [0.0123456789, -0.0987654321], \"token\": \"s3cret-token-value\"}";
    NumberFormatException root = new NumberFormatException("For input string: \"" + secret + "\"");
    IllegalStateException failure = new IllegalStateException("cannot parse " + secret, root);

    LoggedException logged = LoggedException.withoutMessages(failure);
    StringWriter text = new StringWriter();
    logged.printStackTrace(new PrintWriter(text));

    assertFalse(text.toString().contains("s3cret-token-value") || text.toString().contains("0.0123456789"), text.toString());
    assertTrue(logged.getMessage().startsWith(IllegalStateException.class.getName()), logged.getMessage());
    assertArrayEquals(failure.getStackTrace(), logged.getStackTrace());
    Throwable cause = logged.getCause();
    assertTrue(cause.getMessage().startsWith(NumberFormatException.class.getName()), cause.getMessage());
    assertArrayEquals(root.getStackTrace(), cause.getStackTrace());
    assertNull(cause.getCause());
    assertTrue(text.toString().contains("LoggedExceptionTest.keepsTheClassesAndFramesOfTheChainButNoMessage"),
        "the frames that say where it failed: " + text);
  }

  @Test
  void aCauseChainThatLoopsEnds() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalArgumentException b = new IllegalArgumentException("b", a);
    a.initCause(b);
    int depth = 0;
    for (Throwable t = LoggedException.withoutMessages(a); t != null; t = t.getCause()) {
      depth++;
    }
    assertEquals(17, depth, "the exception and 16 causes at most");
  }
}
