package io.skyroute.ledger;

import java.util.Map;

/** What the ledger holds, for {@code skyroute status} and health. */
public record LedgerStatus(
        Map<FrameStatus, Long> framesByStatus,
        long datasets,
        long lockedDatasets,
        Map<Reduction.Status, Long> reductionsByStatus,
        Map<Upload.Status, Long> uploadsByStatus,
        long deadLetters,
        java.util.List<Attention> needingAttention) {

    /** A dataset whose last lightcurve failed its own checks: its folder, why, and since when. */
    public record Attention(String dataset, String reason, java.time.Instant since) {
    }

    /** A dead letter as {@code status} lists it. */
    public record RecentDeadLetter(java.time.Instant createdAt, String routeId, String reason, String payloadRef) {
    }

    public long frames() {
        return framesByStatus.values().stream().mapToLong(Long::longValue).sum();
    }
}
