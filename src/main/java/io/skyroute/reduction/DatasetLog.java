package io.skyroute.reduction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A dataset's own log, {@code aperture_pipeline.log} in its folder (appended, one line per event),
 * mirrored to the daemon's log with the dataset's path in front.
 */
final class DatasetLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetLog.class);
    static final String FILE = io.skyroute.pipeline.Dataset.LOG_FILE;

    private final Path dataset;
    private final BufferedWriter out;

    DatasetLog(Path dataset) {
        this.dataset = dataset;
        try {
            this.out = Files.newBufferedWriter(dataset.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataset.resolve(FILE), e);
        }
    }

    void info(String message) {
        write("INFO ", message);
        LOG.info("{}: {}", dataset, message);
    }

    void warn(String message) {
        write("WARN ", message);
        LOG.warn("{}: {}", dataset, message);
    }

    private synchronized void write(String level, String message) {
        try {
            out.write(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + message);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            LOG.warn("{}: cannot write {}: {}", dataset, FILE, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("{}: cannot close {}: {}", dataset, FILE, e.getMessage());
        }
    }
}
