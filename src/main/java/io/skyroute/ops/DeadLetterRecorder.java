package io.skyroute.ops;

import io.skyroute.config.Redaction;

import io.skyroute.ledger.DeadLetters;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.pipeline.PassReport;
import io.skyroute.pipeline.AtomicFiles;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records a failed exchange in the dead-letter table; when the exchange carries a file, the file is
 * moved to the quarantine folder first (so nothing is lost) and the row points at it.
 */
public class DeadLetterRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRecorder.class);

    /** Header the error policy sets to the id of the route where the failure happened. */
    public static final String FAILED_ROUTE = "SkyrouteFailedRoute";

    private final DeadLetters deadLetters;
    private final Path quarantineDir;

    public DeadLetterRecorder(DeadLetters deadLetters, Path quarantineDir) {
        this.deadLetters = deadLetters;
        this.quarantineDir = quarantineDir;
    }

    public void record(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "(no exception)" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String routeId = exchange.getIn().getHeader(FAILED_ROUTE, exchange.getFromRouteId(), String.class);
        routeId = routeId == null ? "unknown" : routeId;
        String payloadRef = quarantine(exchange, routeId, reason);
        deadLetters.record(routeId, reason, payloadRef, exchange.getExchangeId(),
                exchange.getIn().getHeader(Handoffs.SOURCE, String.class),
                exchange.getIn().getHeader(Handoffs.NATURAL_ID, String.class));
        LOG.error("Dead letter from {}: {} (payload: {})", routeId, reason, payloadRef);
        SkyrouteMetrics metrics = SkyrouteMetrics.of(exchange.getContext());
        metrics.deadLetter(routeId);
        if (exchange.getIn().getHeader(Handoffs.NATURAL_ID) != null) {
            metrics.frameFailed(exchange.getIn().getHeader(Handoffs.SOURCE, String.class));
        }
        if (payloadRef != null && payloadRef.startsWith(quarantineDir.toString())) {
            metrics.frameQuarantined(routeId);
        }
        PassReport report = exchange.getProperty(PassReport.PROPERTY, PassReport.class);
        if (report != null) {
            if (exchange.getIn().getHeader(Handoffs.NATURAL_ID) != null) {
                report.addFailed();
            } else {
                report.addListingFailed();  // no item yet: the listing itself failed
            }
        }
        if (exchange.getIn().getHeader(Handoffs.NATURAL_ID) == null && routeId.endsWith("-list")) {
            ListingHealthCheck.of(exchange.getContext()).failed(routeId.substring(0, routeId.length() - "-list".length()) + ":"
                    + exchange.getIn().getHeader(Handoffs.SOURCE, String.class), Redaction.redact(reason));
        }
    }

    /** Records a dead letter that is a verdict rather than an exception (a lightcurve that failed its checks); nothing is moved. */
    public void recordReason(Exchange exchange, String reason) {
        String routeId = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        deadLetters.record(routeId, reason, exchange.getIn().getHeader(Handoffs.PAYLOAD_REF, String.class), exchange.getExchangeId(), null, null);
        LOG.error("Dead letter from {}: {}", routeId, reason);
        SkyrouteMetrics.of(exchange.getContext()).deadLetter(routeId);
    }

    private String quarantine(Exchange exchange, String routeId, String reason) {
        Path file = fileOf(exchange);
        // the file itself, not what a link points to; a dangling link is quarantined too
        if (file == null || !Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return exchange.getIn().getHeader(Handoffs.PAYLOAD_REF, String.class);
        }
        try {
            Path quarantined = AtomicFiles.quarantine(file, quarantineDir.resolve(routeId), io.skyroute.config.Redaction.redact(reason));
            return quarantined.toString();
        } catch (IOException e) {
            LOG.error("Could not move {} to quarantine; it stays where it is: {}", file, e.getMessage());
            return file.toString();
        }
    }

    private static Path fileOf(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof GenericFile<?> generic && generic.getFile() instanceof java.io.File f) {
            return f.toPath();
        }
        if (body instanceof java.io.File f) {
            return f.toPath();
        }
        if (body instanceof Path p) {
            return p;
        }
        return null;
    }
}
