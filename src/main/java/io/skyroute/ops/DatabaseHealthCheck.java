package io.skyroute.ops;

import io.skyroute.ledger.LedgerDatabase;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * {@code database}: DOWN while the ledger's database does not answer. A readiness check only: the daemon
 * retries and waits for the database, so restarting it would not help.
 */
public class DatabaseHealthCheck extends AbstractHealthCheck {

    private final LedgerDatabase ledger;

    public DatabaseHealthCheck(LedgerDatabase ledger) {
        super("skyroute", "database");
        this.ledger = ledger;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("url", LedgerDatabase.redact(ledger.config().url()));
        ledger.ping(5).ifPresentOrElse(problem -> builder.message("the ledger's database does not answer: " + problem).down(), builder::up);
    }
}
