package io.skyroute.ledger;

/** Writes dead-letter rows; the frame, when there is one, is linked and marked FAILED in the same transaction. */
public final class DeadLetters {

    private final LedgerDatabase database;

    public DeadLetters(LedgerDatabase database) {
        this.database = database;
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
