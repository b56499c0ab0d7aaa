package io.skyroute.sources.lco;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Archives whose credentials were refused. A failed archive is skipped by every poll (no retry storm),
 * reported DOWN by the health check, and logged once; {@link #reset} (JMX) or a restart with a new token
 * brings it back.
 */
@ManagedResource(description = "LCO archives: which ones are stopped because their token was refused")
public class ArchiveStates {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveStates.class);

    private final Map<String, String> failed = new ConcurrentHashMap<>();

    public void markFailed(String archive, String reason) {
        if (failed.putIfAbsent(archive, reason) == null) {
            LOG.error("Archive '{}' stopped: {}. It is skipped until its token is fixed and it is reset (`skyroute ctl reset-archive`) or the daemon restarts.",
                    archive, reason);
        }
    }

    public boolean isFailed(String archive) {
        return failed.containsKey(archive);
    }

    public Map<String, String> failures() {
        return new TreeMap<>(failed);
    }

    @ManagedAttribute(description = "Archives stopped because their credentials were refused, with the reason")
    public String getFailedArchives() {
        return failures().toString();
    }

    @ManagedOperation(description = "Polls a stopped archive again from its next poll")
    public boolean reset(String archive) {
        boolean wasFailed = failed.remove(archive) != null;
        if (wasFailed) {
            LOG.info("Archive '{}' reset; it is polled again", archive);
        }
        return wasFailed;
    }
}
