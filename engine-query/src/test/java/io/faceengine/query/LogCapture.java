package io.faceengine.query;

import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the service logs while open, as text: every log4j logger (the engine's at DEBUG, so its
 * quieter statements are checked too; Jetty's, Javalin's at their configured levels) with stack
 * traces, and java.util.logging (gRPC's).
 */
final class LogCapture implements AutoCloseable {
  private static final String NAME = "test-capture";
  private final StringWriter text = new StringWriter();
  private final WriterAppender appender;
  private final Handler julHandler;
  private final Level engineLevel;

  LogCapture() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%level %c - %m%n%ex")
        .withConfiguration(config).build(), null, text, NAME, false, true);
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    LoggerConfig engine = config.getLoggerConfig("io.faceengine");
    engineLevel = engine.getLevel();
    engine.setLevel(Level.DEBUG);
    context.updateLoggers();
    julHandler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        synchronized (text) {
          text.append(record.getLevel() + " " + record.getLoggerName() + " - " + record.getMessage() + "\n");
          if (record.getThrown() != null) {
            text.append(record.getThrown().toString()).append('\n');
          }
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger.getLogger("").addHandler(julHandler);
  }

  /** What was logged so far. */
  String text() {
    synchronized (text) {
      return text.toString();
    }
  }

  /** Waits up to {@code seconds} for {@code fragment} to be logged; the log so far either way. */
  String await(String fragment, int seconds) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!text().contains(fragment) && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    return text();
  }

  @Override
  public void close() {
    java.util.logging.Logger.getLogger("").removeHandler(julHandler);
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(NAME);
    config.getLoggerConfig("io.faceengine").setLevel(engineLevel);
    context.updateLoggers();
    appender.stop();
  }
}
