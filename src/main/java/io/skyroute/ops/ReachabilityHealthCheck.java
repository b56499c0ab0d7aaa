package io.skyroute.ops;

import io.skyroute.config.Redaction;
import io.skyroute.pipeline.AuthenticationFailure;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A remote system the daemon depends on (an archive, the TOM): UP when a small authenticated request is
 * answered, DOWN with "credentials refused" or "unreachable" otherwise. The answer is kept for a while
 * ({@code management.reachability_check_seconds}) so that probes and scrapes do not become load on the remote.
 * Readiness only: restarting the daemon does not bring a remote back.
 */
public class ReachabilityHealthCheck extends AbstractHealthCheck {

    /** One small request that throws when the remote does not answer as it should. */
    @FunctionalInterface
    public interface Probe {
        void call() throws Exception;
    }

    private record Answer(Instant at, String problem) {
    }

    private final String what;
    private final Probe probe;
    private final Duration keep;
    private volatile Answer last;

    public ReachabilityHealthCheck(String id, String what, Probe probe, Duration keep) {
        super("skyroute", id);
        this.what = what;
        this.probe = probe;
        this.keep = keep;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Answer answer = last;
        if (answer == null || answer.at().plus(keep).isBefore(Instant.now())) {
            answer = new Answer(Instant.now(), ask());
            last = answer;
        }
        builder.detail("target", what);
        builder.detail("checked.at", answer.at().toString());
        if (answer.problem() == null) {
            builder.up();
        } else {
            builder.message(what + ": " + answer.problem()).down();
        }
    }

    private String ask() {
        try {
            probe.call();
            return null;
        } catch (AuthenticationFailure refused) {
            return "credentials refused (" + Redaction.redact(String.valueOf(refused.getMessage())) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return "unreachable (" + e.getClass().getSimpleName() + ": " + Redaction.redact(String.valueOf(e.getMessage())) + ")";
        }
    }
}
