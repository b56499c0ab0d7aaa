package io.skyroute.ops;

import io.skyroute.ledger.LedgerQueries;
import io.skyroute.ledger.LedgerStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;

/**
 * {@code datasets}: DEGRADED while a dataset needs attention (its lightcurve failed its own checks). Camel's
 * health states are UP, DOWN and UNKNOWN, and a dataset to look at is neither a dead daemon nor a reason to
 * restart it, so the check stays UP and says {@code state: DEGRADED} in its message and details; it is a
 * readiness check (shown by /observe/health and /ready, never failing them), not a liveness one.
 */
public class AttentionHealthCheck extends AbstractHealthCheck {

    private final LedgerQueries queries;

    public AttentionHealthCheck(LedgerQueries queries) {
        super("skyroute", "datasets");
        this.queries = queries;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<LedgerStatus.Attention> attention = queries.needingAttention();
        builder.detail("state", attention.isEmpty() ? "UP" : "DEGRADED");
        builder.detail("needing.attention", attention.size());
        if (!attention.isEmpty()) {
            builder.detail("datasets", attention.stream().map(a -> a.dataset() + ": " + a.reason()).toList().toString());
            builder.message("DEGRADED: " + attention.size() + " dataset(s) need attention");
        }
        builder.up();
    }
}
