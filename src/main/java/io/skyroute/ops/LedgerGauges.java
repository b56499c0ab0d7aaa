package io.skyroute.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.skyroute.ledger.FrameStatus;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.ledger.LedgerStatus;
import io.skyroute.ledger.Upload;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the ledger holds, as gauges: frames by status, the work waiting in each queue (to download, to sort,
 * to reduce, to upload), datasets needing attention, dead letters not yet retried, the age of the oldest
 * dataset lease. One ledger query serves every gauge for a few seconds, so a scrape costs one round trip.
 */
public final class LedgerGauges {

    private static final Duration FRESH = Duration.ofSeconds(5);

    private final LedgerQueries queries;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerGauges.class);

    private volatile Snapshot snapshot;
    private volatile boolean failing;

    private record Snapshot(Instant at, LedgerStatus status, long openDeadLetters, double oldestLeaseSeconds) {
    }

    public LedgerGauges(LedgerQueries queries) {
        this.queries = queries;
    }

    /**
     * @param memoryQueues work waiting in memory rather than in the ledger (e.g. datasets waiting for their
     *                     frames to stop arriving), by queue name
     */
    public void bindTo(MeterRegistry registry, Map<String, Supplier<Number>> memoryQueues) {
        for (FrameStatus status : FrameStatus.values()) {
            Gauge.builder("skyroute.frames", this, g -> g.now().status().framesByStatus().getOrDefault(status, 0L))
                    .description("Frames in the ledger, by status").tag("status", status.name()).strongReference(true).register(registry);
        }
        queue(registry, "download", g -> g.now().status().framesByStatus().getOrDefault(FrameStatus.DISCOVERED, 0L));
        queue(registry, "sort", g -> g.now().status().framesByStatus().getOrDefault(FrameStatus.DOWNLOADED, 0L));
        queue(registry, "upload", g -> g.now().status().uploadsByStatus().getOrDefault(Upload.Status.PENDING, 0L)
                + g.now().status().uploadsByStatus().getOrDefault(Upload.Status.UNCERTAIN, 0L)
                + g.now().status().uploadsByStatus().getOrDefault(Upload.Status.FAILED, 0L));
        memoryQueues.forEach((name, size) -> Gauge.builder("skyroute.queue.depth", size, s -> s.get().doubleValue())
                .description("Work waiting, by queue").tag("queue", name).strongReference(true).register(registry));
        Gauge.builder("skyroute.datasets.attention", this, g -> g.now().status().needingAttention().size())
                .description("Datasets whose lightcurve failed its own checks (DEGRADED health)").strongReference(true).register(registry);
        Gauge.builder("skyroute.dead.letters.open", this, g -> g.now().openDeadLetters())
                .description("Dead letters not yet retried").strongReference(true).register(registry);
        Gauge.builder("skyroute.lease.age", this, g -> g.now().oldestLeaseSeconds())
                .description("Age of the oldest dataset lease still held (0 when none)").baseUnit("seconds").strongReference(true).register(registry);
    }

    private void queue(MeterRegistry registry, String name, java.util.function.ToDoubleFunction<LedgerGauges> size) {
        Gauge.builder("skyroute.queue.depth", this, size).description("Work waiting, by queue").tag("queue", name).strongReference(true).register(registry);
    }

    private Snapshot now() {
        Snapshot s = snapshot;
        if (s == null || s.at().plus(FRESH).isBefore(Instant.now())) {
            Instant at = Instant.now();
            try {
                double leaseAge = queries.oldestLiveLease().map(t -> Duration.between(t, at).toMillis() / 1000.0).orElse(0.0);
                s = new Snapshot(at, queries.status(), queries.openDeadLetters(), leaseAge);
            } catch (RuntimeException e) {
                // the gauges read NaN until the ledger answers again; said once per outage, not on every scrape
                if (!failing) {
                    LOG.warn("The ledger's gauges cannot be read: {}", e.toString());
                }
                failing = true;
                throw e;
            }
            failing = false;
            snapshot = s;
        }
        return s;
    }
}
