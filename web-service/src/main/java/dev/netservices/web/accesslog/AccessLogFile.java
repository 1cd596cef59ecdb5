package dev.netservices.web.accesslog;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;

import org.slf4j.LoggerFactory;

/**
 * Sends the access log's logger to a file of its own ({@code web.access-log.file}) through the logging
 * system, Logback: one line per request as written, rolled over each day and whenever the file reaches
 * its size limit ({@code access.log} becomes {@code access.log.2026-11-30.0.gz}, ...), the oldest
 * deleted after {@code maxHistory} days. Only the access log's writer thread ever waits on this file.
 *
 * <p>The file's appender lives in a Logback context of its own ({@link ArchiveContext}) whose background work,
 * compressing an archive and deleting old ones, runs on one thread, in order. With Logback's shared pool two
 * clean-ups started by rollovers in quick succession ran at once over one (not thread-safe) rolling calendar
 * and deleted archives of the current day as "historically stale": whole files of lines lost
 * (AccessLogRotationTest caught it).
 */
public final class AccessLogFile implements AutoCloseable {

    private final Logger logger;
    private final RollingFileAppender<ILoggingEvent> appender;
    private final ArchiveContext archiving;

    private AccessLogFile(Logger logger, RollingFileAppender<ILoggingEvent> appender, ArchiveContext archiving) {
        this.logger = logger;
        this.appender = appender;
        this.archiving = archiving;
    }

    /** Attaches the file to {@link AccessLog#LOGGER} (and detaches the logger from the console) until {@link #close()}. */
    public static AccessLogFile attach(Path file, long maxFileBytes, int maxHistoryDays) {
        LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        ArchiveContext context = new ArchiveContext(loggers);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(loggers); // the pattern layout needs the logging system's context
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

        Logger logger = loggers.getLogger(AccessLog.LOGGER);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return new AccessLogFile(logger, appender, context);
    }

    /** Flushes and closes the file, waits for archives still being written; the logger goes back to where it went before. */
    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setAdditive(true);
        logger.setLevel(null);
        appender.stop();
        archiving.finish();
    }

    /**
     * A Logback context for the file's appender alone: its status messages go to the logging system's own
     * status manager, its background jobs to a single thread of its own (see the class comment).
     */
    private static final class ArchiveContext extends ContextBase {

        private final ExecutorService archiver = Executors.newSingleThreadExecutor(job -> {
            Thread thread = new Thread(job, "web-access-log-archive");
            thread.setDaemon(true);
            return thread;
        });

        ArchiveContext(LoggerContext loggers) {
            setName(loggers.getName());
            setStatusManager(loggers.getStatusManager());
        }

        @Override
        public ExecutorService getExecutorService() {
            return archiver;
        }

        @Override
        public ExecutorService getAlternateExecutorService() {
            return archiver;
        }

        /** Lets the compressions and clean-ups already queued finish (each is one small file), then ends the thread. */
        void finish() {
            archiver.shutdown();
            try {
                archiver.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
