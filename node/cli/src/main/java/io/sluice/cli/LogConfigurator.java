package io.sluice.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command line's logging set-up, in code rather than a {@code logback.xml}: one line per event
 * on standard output ({@code HH:mm:ss.SSS LEVEL [thread] logger - message}), Netty and gRPC at
 * WARN, everything else at {@code SLUICE_LOG_LEVEL} (default INFO). Logback finds it through {@code
 * META-INF/services}; parsing an XML file instead costs a node's start-up the JDK's XML parser and
 * logback's configuration model, run cold. With {@code -Dlogback.configurationFile=FILE} this steps
 * aside and logback reads that file as usual. Called once by logback, on its own thread.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
    stdout.setContext(context);
    stdout.setName("STDOUT");
    stdout.setEncoder(encoder);
    stdout.start();
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.grpc").setLevel(Level.WARN);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getenv("SLUICE_LOG_LEVEL"), Level.INFO));
    root.addAppender(stdout);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
