package io.skyroute.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Adds the rolling log file under the data directory once the configuration says where that is
 * (the console appender comes from logback.xml): {@code skyroute.log}, rolled daily and at 50 MB,
 * 30 days kept, 2 GB at most.
 */
public final class Logging {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    private static final String APPENDER = "skyroute-file";

    private Logging() {
    }

    /**
     * Adds a log file for one run of a command (the VAST downloader keeps one per run, as the original
     * did); closing the handle detaches it.
     */
    public static synchronized AutoCloseable logRunTo(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> { };
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log folder of " + file, e);
        }
        LayoutWrappingEncoder<ILoggingEvent> encoder = encoder(context);
        ch.qos.logback.core.FileAppender<ILoggingEvent> appender = new ch.qos.logback.core.FileAppender<>();
        appender.setContext(context);
        appender.setName("run-" + file.getFileName());
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return () -> {
            root.detachAppender(appender);
            appender.stop();
        };
    }

    /** Every log line passes through the redaction (see {@link RedactingPatternLayout}). */
    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context) {
        RedactingPatternLayout layout = new RedactingPatternLayout();
        layout.setContext(context);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    public static synchronized void logToFilesIn(Path logDir) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) != null) {
            return;
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log folder " + logDir, e);
        }
        LayoutWrappingEncoder<ILoggingEvent> encoder = encoder(context);

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(logDir.resolve("skyroute.log").toString());
        appender.setEncoder(encoder);

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(logDir.resolve("skyroute.%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("50MB"));
        policy.setMaxHistory(30);
        policy.setTotalSizeCap(FileSize.valueOf("2GB"));
        policy.start();

        appender.setRollingPolicy(policy);
        appender.start();
        root.addAppender(appender);
    }
}
