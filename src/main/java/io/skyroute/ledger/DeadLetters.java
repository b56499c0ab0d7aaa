package io.skyroute.ledger;

/** Writes dead-letter rows; the frame, when there is one, is linked and marked FAILED in the same transaction. */
public final class DeadLetters {

    private final LedgerDatabase database;

    public DeadLetters(LedgerDatabase database) {
        this.database = database;
    }

    /** One dead letter with its frame's source and id (when it has a frame), or empty. */
    public java.util.Optional<Entry> find(long id) {
        return database.inTransaction(em -> java.util.Optional.ofNullable(em.find(DeadLetter.class, id)).map(DeadLetters::entry));
    }

    /** The dead letters of a route not yet retried, oldest first. */
    public java.util.List<Entry> open(String routeId) {
        return database.inTransaction(em -> em.createQuery("select d from DeadLetter d left join fetch d.frame where d.routeId = :route"
                        + " and d.retriedAt is null order by d.createdAt, d.id", DeadLetter.class)
                .setParameter("route", routeId).getResultList().stream().map(DeadLetters::entry).toList());
    }

    /** Marks a dead letter as sent back into the pipeline; false when it was already (someone else was first). */
    public boolean markRetried(long id) {
        return database.inTransaction(em -> {
            DeadLetter d = em.find(DeadLetter.class, id);
            if (d == null || d.getRetriedAt() != null) {
                return false;
            }
            d.markRetried(java.time.Instant.now());
            return true;
        });
    }

    /** A dead letter as the operator's retry sees it. */
    public record Entry(long id, String routeId, String reason, String payloadRef, String frameSource, String frameNaturalId,
                        java.time.Instant retriedAt) {
    }

    private static Entry entry(DeadLetter d) {
        Frame f = d.getFrame();
        return new Entry(d.getId(), d.getRouteId(), d.getReason(), d.getPayloadRef(), f == null ? null : f.getSource(),
                f == null ? null : f.getNaturalId(), d.getRetriedAt());
    }

    public void record(String routeId, String reason, String payloadRef, String exchangeId, String frameSource, String frameNaturalId) {
        database.inTransactionDo(em -> {
            Frame frame = frameSource == null || frameNaturalId == null ? null
                    : FrameLedger.find(em, frameSource, frameNaturalId).orElse(null);
            if (frame != null) {
                frame.setStatus(FrameStatus.FAILED);
                frame.setLastError(reason);
            }
            em.persist(new DeadLetter(routeId, reason, payloadRef, exchangeId, frame));
        });
    }
}
