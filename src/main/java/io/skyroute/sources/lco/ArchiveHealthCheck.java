package io.skyroute.sources.lco;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** DOWN while any configured archive is stopped because its credentials were refused. */
public class ArchiveHealthCheck extends AbstractHealthCheck {

    private final ArchiveStates states;

    public ArchiveHealthCheck(ArchiveStates states) {
        super("skyroute", "lco-archives");
        this.states = states;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> failures = states.failures();
        if (failures.isEmpty()) {
            builder.up();
        } else {
            builder.detail("failed.archives", failures.toString()).message("archives stopped: " + failures.keySet()).down();
        }
    }
}
