package dev.netservices.web.accesslog;

import java.nio.file.Path;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;

import org.slf4j.LoggerFactory;

/**
 * Sends the access log's logger to a file of its own ({@code web.access-log.file}) through the logging
 * system, Logback: one line per request as written, rolled over each day and whenever the file reaches
 * its size limit ({@code access.log} becomes {@code access.log.2026-11-30.0.gz}, ...), the oldest
 * deleted after {@code maxHistory} days. Only the access log's writer thread ever waits on this file.
 */
public final class AccessLogFile implements AutoCloseable {

    private final Logger logger;
    private final RollingFileAppender<ILoggingEvent> appender;

    private AccessLogFile(Logger logger, RollingFileAppender<ILoggingEvent> appender) {
        this.logger = logger;
        this.appender = appender;
    }

    /** Attaches the file to {@link AccessLog#LOGGER} (and detaches the logger from the console) until {@link #close()}. */
    public static AccessLogFile attach(Path file, long maxFileBytes, int maxHistoryDays) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("web-access-log-file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(new FileSize(maxFileBytes));
        policy.setMaxHistory(maxHistoryDays);
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();

        Logger logger = context.getLogger(AccessLog.LOGGER);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return new AccessLogFile(logger, appender);
    }

    /** Flushes and closes the file; the logger goes back to where it went before. */
    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setAdditive(true);
        logger.setLevel(null);
        appender.stop();
    }
}
