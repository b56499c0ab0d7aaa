package io.skyroute.ops;

import io.skyroute.ledger.DeadLetter;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.sources.AtomicFiles;
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

    private final LedgerDatabase ledger;
    private final Path quarantineDir;

    public DeadLetterRecorder(LedgerDatabase ledger, Path quarantineDir) {
        this.ledger = ledger;
        this.quarantineDir = quarantineDir;
    }

    public void record(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "(no exception)" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String routeId = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        String payloadRef = quarantine(exchange, routeId);
        ledger.inTransactionDo(em -> em.persist(new DeadLetter(routeId, reason, payloadRef, exchange.getExchangeId(), null)));
        LOG.error("Dead letter from {}: {} (payload: {})", routeId, reason, payloadRef);
    }

    private String quarantine(Exchange exchange, String routeId) {
        Path file = fileOf(exchange);
        if (file == null || !Files.isRegularFile(file)) {
            return exchange.getIn().getHeader(Exchange.HTTP_URI, String.class);
        }
        try {
            return AtomicFiles.moveInto(file, quarantineDir.resolve(routeId)).toString();
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
